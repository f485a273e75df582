package dev.jvmmetrics.agent.http;

import java.net.ProtocolException;
import java.util.Locale;

/** Reads the numbers in the response headers the agent acts on. */
final class HeaderValues {
  private HeaderValues() {}

  /**
   * Reads a {@code Content-Length}: digits only, at most 15 of them.
   *
   * @throws ProtocolException for anything else, a sign there is no telling where the body ends
   */
  static long contentLength(String value) throws ProtocolException {
    if (value.isEmpty() || value.length() > 15) {
      throw new ProtocolException("malformed Content-Length");
    }
    long length = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        throw new ProtocolException("malformed Content-Length");
      }
      length = length * 10 + (c - '0');
    }
    return length;
  }

  /** Reads {@code timeout=N} (seconds) from a {@code Keep-Alive} header; -1 when absent. */
  static long keepAliveTimeoutMillis(String value) {
    String lower = value.toLowerCase(Locale.ROOT);
    int at = lower.indexOf("timeout=");
    if (at < 0) {
      return -1;
    }
    long seconds = 0;
    int i = at + "timeout=".length();
    int start = i;
    while (i < lower.length() && i - start < 6 && Character.isDigit(lower.charAt(i))) {
      seconds = seconds * 10 + (lower.charAt(i++) - '0');
    }
    return i == start ? -1 : seconds * 1_000L;
  }
}
