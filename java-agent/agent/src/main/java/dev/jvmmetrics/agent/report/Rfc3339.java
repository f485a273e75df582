package dev.jvmmetrics.agent.report;

/**
 * Formats an instant as RFC 3339 in UTC with milliseconds ({@code 2026-11-29T14:47:30.123Z}).
 *
 * <p>Written out by hand because {@code java.time.format} loads dozens of classes for one header.
 */
public final class Rfc3339 {
  private Rfc3339() {}

  public static String format(long epochMillis) {
    long days = Math.floorDiv(epochMillis, 86_400_000L);
    long millisOfDay = Math.floorMod(epochMillis, 86_400_000L);
    // Civil date from days since 1970-01-01, counting in 400-year eras that start on 1 March.
    long z = days + 719_468;
    long era = Math.floorDiv(z, 146_097);
    long dayOfEra = z - era * 146_097;
    long yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    long monthFromMarch = (5 * dayOfYear + 2) / 153;
    long day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1;
    long month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
    long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);

    StringBuilder out = new StringBuilder(24);
    pad(out, year, 4).append('-');
    pad(out, month, 2).append('-');
    pad(out, day, 2).append('T');
    pad(out, millisOfDay / 3_600_000, 2).append(':');
    pad(out, millisOfDay / 60_000 % 60, 2).append(':');
    pad(out, millisOfDay / 1_000 % 60, 2).append('.');
    pad(out, millisOfDay % 1_000, 3).append('Z');
    return out.toString();
  }

  private static StringBuilder pad(StringBuilder out, long value, int width) {
    String digits = Long.toString(value);
    for (int i = digits.length(); i < width; i++) {
      out.append('0');
    }
    return out.append(digits);
  }
}
