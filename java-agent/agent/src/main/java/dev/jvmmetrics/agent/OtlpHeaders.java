package dev.jvmmetrics.agent;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Parses {@code OTEL_EXPORTER_OTLP_[METRICS_]HEADERS}: the specification's {@code key=value,…} list
 * (W3C Baggage's syntax without properties), values percent-decoded.
 *
 * <p>Header values are usually credentials (an API key, a bearer token), so no line ever shows one:
 * a bad entry is named by its position and key only, and skipped; the others are still sent. A
 * header the agent writes itself ({@code Host}, {@code Content-Type}, ...) cannot be replaced.
 */
final class OtlpHeaders {
  private OtlpHeaders() {}

  /**
   * @param variable the variable to read, or {@code null} when neither is set
   * @return the headers in order, never {@code null}
   */
  static Map<String, String> parse(Map<String, String> env, String variable, Log log) {
    if (variable == null) {
      return Collections.emptyMap();
    }
    Map<String, String> headers = new LinkedHashMap<>();
    String[] entries = env.get(variable).split(",", -1);
    for (int i = 0; i < entries.length; i++) {
      String entry = entries[i].trim();
      if (entry.isEmpty()) {
        continue;
      }
      int equals = entry.indexOf('=');
      String key = equals < 0 ? entry : entry.substring(0, equals).trim();
      String problem = problem(key, equals);
      String value = null;
      if (problem == null) {
        value = percentDecode(entry.substring(equals + 1).trim());
        if (value == null) {
          problem = "its value has a % that is not followed by two hex digits";
        } else if (!isFieldValue(value)) {
          problem = "its value holds a control character, which no HTTP header may carry";
        }
      }
      if (problem != null) {
        log.warn(
            variable
                + " entry "
                + (i + 1)
                + " is skipped: "
                + problem
                + "; write each header as name=value, separated by commas, the value"
                + " percent-encoded.",
            "key",
            isToken(key) ? key : "(not shown)");
        continue;
      }
      headers.put(key, value);
    }
    return Collections.unmodifiableMap(headers);
  }

  private static String problem(String key, int equals) {
    if (equals < 0) {
      return "it has no =";
    }
    if (!isToken(key)) {
      return "its name is not an HTTP header name";
    }
    switch (key.toLowerCase(Locale.ROOT)) {
      case "host":
      case "content-type":
      case "content-length":
      case "content-encoding":
      case "transfer-encoding":
      case "connection":
      case "user-agent":
        return "the agent sets " + key + " itself";
      default:
        return null;
    }
  }

  /** RFC 9110's token: the characters a header name may have. */
  static boolean isToken(String text) {
    if (text.isEmpty()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code value} can go on a header line: no control characters but tab, no non-Latin-1.
   */
  private static boolean isFieldValue(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
        return false;
      }
    }
    return true;
  }

  /** {@code %XX} sequences as UTF-8 bytes; {@code null} when one is malformed. */
  static String percentDecode(String text) {
    if (text.indexOf('%') < 0) {
      return text;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '%') {
        byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(encoded, 0, encoded.length);
        continue;
      }
      if (i + 2 >= text.length()) {
        return null;
      }
      int high = Character.digit(text.charAt(i + 1), 16);
      int low = Character.digit(text.charAt(i + 2), 16);
      if (high < 0 || low < 0) {
        return null;
      }
      bytes.write(high * 16 + low);
      i += 2;
    }
    return new String(bytes.toByteArray(), StandardCharsets.UTF_8);
  }
}
