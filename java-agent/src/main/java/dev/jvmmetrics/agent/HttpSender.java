package dev.jvmmetrics.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * POSTs one report and reads the whole answer, within a time limit.
 *
 * <p>Redirects are never followed, no proxy is used (the endpoint is the platform's own), and the
 * response body is drained so the connection can be kept alive and reused.
 */
final class HttpSender implements Transport {
  /** Enough of any response body to reuse the connection; a longer one is cut off. */
  private static final int MAX_DRAIN_BYTES = 64 * 1024;

  private final Endpoint endpoint;
  private final int timeoutMillis;
  private final String userAgent;
  private final String authorization;
  private final byte[] drain = new byte[4096];

  HttpSender(Endpoint endpoint, int timeoutMillis, String userAgent) {
    this.endpoint = endpoint;
    this.timeoutMillis = timeoutMillis;
    this.userAgent = userAgent;
    String userInfo = endpoint.url.getUserInfo();
    this.authorization =
        userInfo == null
            ? null
            : "Basic "
                + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public Response post(byte[] body, int length, String measurementsTime) throws IOException {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    HttpURLConnection connection = (HttpURLConnection) endpoint.url.openConnection(Proxy.NO_PROXY);
    try {
      connection.setRequestMethod("POST");
      connection.setInstanceFollowRedirects(false);
      connection.setUseCaches(false);
      connection.setDoOutput(true);
      connection.setConnectTimeout(timeoutMillis);
      connection.setReadTimeout(timeoutMillis);
      connection.setFixedLengthStreamingMode(length);
      connection.setRequestProperty("Content-Type", "application/json");
      connection.setRequestProperty("Measurements-Count", "1");
      connection.setRequestProperty("Measurements-Time", measurementsTime);
      connection.setRequestProperty("User-Agent", userAgent);
      if (authorization != null) {
        connection.setRequestProperty("Authorization", authorization);
      }
      connection.connect();
      // Whatever connecting took comes off the time left for the answer.
      connection.setReadTimeout(remainingMillis(deadline));
      try (OutputStream out = connection.getOutputStream()) {
        out.write(body, 0, length);
      }
      int status = connection.getResponseCode();
      String retryAfter = connection.getHeaderField("Retry-After");
      drainQuietly(connection, status, deadline);
      return new Response(status, retryAfter);
    } catch (IOException | RuntimeException e) {
      connection.disconnect();
      throw e instanceof IOException ? (IOException) e : new IOException(e.toString(), e);
    }
  }

  private static int remainingMillis(long deadline) {
    long left = (deadline - System.nanoTime()) / 1_000_000L;
    return (int) Math.max(1, left);
  }

  /** Reads the body so the connection returns to the keep-alive pool; gives up at the deadline. */
  private void drainQuietly(HttpURLConnection connection, int status, long deadline) {
    try (InputStream in =
        status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
      if (in == null) {
        return;
      }
      int total = 0;
      int n;
      while ((n = in.read(drain)) > 0) {
        total += n;
        if (total > MAX_DRAIN_BYTES || System.nanoTime() - deadline > 0) {
          connection.disconnect();
          return;
        }
      }
    } catch (IOException e) {
      connection.disconnect(); // The answer already arrived; only reuse is lost.
    }
  }
}
