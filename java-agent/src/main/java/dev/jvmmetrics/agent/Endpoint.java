package dev.jvmmetrics.agent;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.Locale;

/**
 * The metrics endpoint: an http or https URL whose user-info, path and query may hold secrets, so
 * only {@link #redacted()} ever reaches a log.
 */
final class Endpoint {
  final URL url;
  private final String redacted;

  private Endpoint(URL url, String redacted) {
    this.url = url;
    this.redacted = redacted;
  }

  /**
   * Checks and parses an endpoint URL.
   *
   * @throws IllegalArgumentException with a message that completes "HEROKU_METRICS_URL ..." and
   *     never repeats the URL's secret parts
   */
  static Endpoint parse(String text) {
    URI uri;
    try {
      uri = new URI(text.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "is not a valid URL (" + e.getReason() + "); set it to an http:// or https:// URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      String shown = scheme.isEmpty() ? "no scheme" : "scheme " + scheme + ":";
      throw new IllegalArgumentException(
          "must be an http:// or https:// URL, not one with " + shown);
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException(
          "has no host name, or a port that is not a number; set it to http(s)://host[:port]/path");
    }
    int port = uri.getPort();
    if (port == 0 || port > 65_535) {
      throw new IllegalArgumentException("has port " + port + "; use a port from 1 to 65535");
    }
    try {
      URL url = uri.toURL();
      return new Endpoint(url, scheme + "://" + host + (port == -1 ? "" : ":" + port));
    } catch (MalformedURLException | IllegalArgumentException e) {
      throw new IllegalArgumentException("is not a URL Java can open; check its spelling");
    }
  }

  /** The scheme, host and port only: safe to log. */
  String redacted() {
    return redacted;
  }

  @Override
  public String toString() {
    return redacted;
  }
}
