package dev.jvmmetrics.agent.http;

import java.text.ParsePosition;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.Locale;
import java.util.TimeZone;

/** Reads an HTTP {@code Retry-After} header: delay-seconds or an HTTP-date (RFC 9110). */
public final class RetryAfter {
  private RetryAfter() {}

  /**
   * @return how long the server asks us to wait, in milliseconds; 0 when absent or unreadable
   */
  public static long parseMillis(String header, long nowMillis) {
    if (header == null) {
      return 0;
    }
    String value = header.trim();
    if (!value.isEmpty() && value.length() <= 9 && allDigits(value)) {
      return Long.parseLong(value) * 1_000L;
    }
    SimpleDateFormat format = new SimpleDateFormat("EEE, dd MMM yyyy HH:mm:ss zzz", Locale.US);
    format.setTimeZone(TimeZone.getTimeZone("GMT"));
    Date date = format.parse(value, new ParsePosition(0));
    return date == null ? 0 : Math.max(0, date.getTime() - nowMillis);
  }

  private static boolean allDigits(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (!Character.isDigit(value.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
