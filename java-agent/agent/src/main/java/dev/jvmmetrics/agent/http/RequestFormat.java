package dev.jvmmetrics.agent.http;

import java.util.Collections;
import java.util.Map;

/**
 * What a destination's requests carry besides the body: its content type, its own headers, whether
 * the body goes gzip-compressed, and whether Heroku's {@code Measurements-*} headers are sent.
 */
public final class RequestFormat {
  final String contentType;
  final Map<String, String> headers;
  final boolean gzip;
  final boolean measurementsHeaders;

  /**
   * @param headers extra headers, already checked to be valid header names and values
   */
  public RequestFormat(
      String contentType, Map<String, String> headers, boolean gzip, boolean measurementsHeaders) {
    this.contentType = contentType;
    this.headers = headers;
    this.gzip = gzip;
    this.measurementsHeaders = measurementsHeaders;
  }

  /** Heroku's metrics endpoint: JSON, uncompressed, with {@code Measurements-Count} and time. */
  public static RequestFormat heroku() {
    return new RequestFormat(
        "application/json", Collections.<String, String>emptyMap(), false, true);
  }
}
