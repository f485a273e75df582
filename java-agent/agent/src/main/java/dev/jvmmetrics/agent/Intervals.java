package dev.jvmmetrics.agent;

import java.util.Locale;

/** Parses and prints the reporting interval: {@code 250ms}, {@code 5s}, {@code 1m}, {@code 1h}. */
final class Intervals {
  static final long MIN_MILLIS = AgentMain.MIN_INTERVAL_MILLIS;
  static final long MAX_MILLIS = 3_600_000;

  private Intervals() {}

  /**
   * Parses a whole number followed by {@code ms}, {@code s}, {@code m} or {@code h}; a bare number
   * means seconds. Units are read in any case.
   *
   * @throws IllegalArgumentException with a message that says what is accepted
   */
  static long parseMillis(String text) {
    String value = text.trim();
    int digits = 0;
    while (digits < value.length() && Character.isDigit(value.charAt(digits))) {
      digits++;
    }
    long unitMillis = unitMillis(value.substring(digits).toLowerCase(Locale.ROOT));
    if (digits == 0 || digits > 10 || unitMillis == 0) {
      throw new IllegalArgumentException(
          "is not a duration; use a whole number with ms, s, m or h, such as 5s or 250ms");
    }
    long millis = Long.parseLong(value.substring(0, digits)) * unitMillis;
    if (millis < MIN_MILLIS || millis > MAX_MILLIS) {
      throw new IllegalArgumentException("must be between 100ms and 1h");
    }
    return millis;
  }

  private static long unitMillis(String unit) {
    switch (unit) {
      case "ms":
        return 1;
      case "":
      case "s":
        return 1_000;
      case "m":
        return 60_000;
      case "h":
        return 3_600_000;
      default:
        return 0;
    }
  }

  /** Prints a duration in the largest unit that divides it: {@code 5s}, {@code 250ms}. */
  static String format(long millis) {
    if (millis % 3_600_000 == 0) {
      return millis / 3_600_000 + "h";
    }
    if (millis % 60_000 == 0) {
      return millis / 60_000 + "m";
    }
    if (millis % 1_000 == 0) {
      return millis / 1_000 + "s";
    }
    return millis + "ms";
  }
}
