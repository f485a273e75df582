package dev.jvmmetrics.preview;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Answers only requests addressed to this machine by name: {@code Host} must be {@code 127.0.0.1},
 * {@code localhost} or {@code [::1]}, with any port. Anything else gets a 403 and one line.
 *
 * <p>The preview listens on 127.0.0.1 only, but that alone does not keep a web page elsewhere out:
 * through DNS rebinding, a page from {@code attacker.example} has its name answer 127.0.0.1 and
 * then reads {@code /api/state} or posts reports from the visitor's browser, as its own origin.
 * Such a request still carries {@code Host: attacker.example}, which no browser lets a page change,
 * so checking the name closes the door for the page, the API and the endpoint alike.
 */
final class LoopbackHosts extends Filter {
  @Override
  public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
    String host = exchange.getRequestHeaders().getFirst("Host");
    if (isLoopback(host)) {
      chain.doFilter(exchange);
      return;
    }
    try {
      String shown = host == null ? "no Host header" : "Host '" + printable(host) + "'";
      byte[] body =
          (shown
                  + " is not this preview: open it as http://127.0.0.1:"
                  + exchange.getLocalAddress().getPort()
                  + "/ (or localhost), never through another name\n")
              .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      exchange.sendResponseHeaders(403, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    } finally {
      exchange.close();
    }
  }

  @Override
  public String description() {
    return "accepts Host 127.0.0.1, localhost and [::1] only";
  }

  /** Whether {@code host} (a Host header) names this machine's loopback, with or without a port. */
  static boolean isLoopback(String host) {
    if (host == null) {
      return false;
    }
    String name = host.toLowerCase(Locale.ROOT);
    int portAt;
    if (name.startsWith("[")) {
      int end = name.indexOf(']');
      if (end < 0) {
        return false;
      }
      portAt = end + 1;
    } else {
      portAt = name.indexOf(':');
      if (portAt < 0) {
        portAt = name.length();
      }
    }
    if (!isPort(name.substring(portAt))) {
      return false;
    }
    String bare = name.substring(0, portAt);
    return bare.equals("127.0.0.1") || bare.equals("localhost") || bare.equals("[::1]");
  }

  /** Nothing, or a colon and 1–5 digits. */
  private static boolean isPort(String rest) {
    if (rest.isEmpty()) {
      return true;
    }
    if (rest.charAt(0) != ':' || rest.length() < 2 || rest.length() > 6) {
      return false;
    }
    for (int i = 1; i < rest.length(); i++) {
      if (rest.charAt(i) < '0' || rest.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static String printable(String text) {
    StringBuilder shown = new StringBuilder();
    for (int i = 0; i < text.length() && shown.length() < 100; i++) {
      char c = text.charAt(i);
      shown.append(c >= 0x20 && c < 0x7f && c != '\'' ? c : '?');
    }
    return shown.toString();
  }
}
