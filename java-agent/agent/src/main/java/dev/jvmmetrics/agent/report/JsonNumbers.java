package dev.jvmmetrics.agent.report;

/**
 * Numbers written as ASCII straight into a byte array, without the {@code String} that {@code
 * Long.toString} and {@code Double.toString} would allocate at every report: the Heroku body
 * ({@link PayloadWriter}) and OTLP's JSON encoding both write theirs here.
 */
public final class JsonNumbers {
  /** {@code -9223372036854775808}. */
  public static final int MAX_LONG_LENGTH = 20;

  /** A sign, 16 digits, a point and 9 decimals; or what {@code Double.toString} writes. */
  public static final int MAX_DOUBLE_LENGTH = 32;

  /**
   * The largest magnitude written as nanoseconds: up to 2^53 ns every whole number of nanoseconds
   * is a double, so the division below is exact to the last bit and so is the reader's parse.
   */
  private static final double MAX_EXACT_SECONDS = 9e6;

  private JsonNumbers() {}

  /** Writes {@code value} in decimal at {@code at}; returns the end. */
  public static int decimal(byte[] into, int at, long value) {
    // Negative throughout, so that Long.MIN_VALUE needs no special case.
    long negative = value < 0 ? value : -value;
    if (value < 0) {
      into[at++] = '-';
    }
    int digits = 1;
    for (long rest = negative / 10; rest != 0; rest /= 10) {
      digits++;
    }
    int end = at + digits;
    for (int i = end - 1; i >= at; i--) {
      into[i] = (byte) ('0' - negative % 10);
      negative /= 10;
    }
    return end;
  }

  /**
   * Writes {@code value} as a JSON number at {@code at}; returns the end. Every double the agent
   * sends is a whole number of nanoseconds in seconds (CPU and GC times, the buckets' bounds), so
   * it is written as those nanoseconds with a decimal point, which reads back as the very same
   * double (nanoseconds / 1e9 is correctly rounded, as is the reader's parse of the decimal). Any
   * other double (a CPU utilization) goes through {@code Double.toString}, which allocates.
   */
  public static int number(byte[] into, int at, double value) {
    if (Math.abs(value) < MAX_EXACT_SECONDS) {
      long nanos = Math.round(value * 1e9);
      // Compares bits, so that -0.0 (written as 0) is not taken for 0.0.
      if (Double.doubleToRawLongBits(nanos / 1e9) == Double.doubleToRawLongBits(value)) {
        return seconds(into, at, nanos);
      }
    }
    String text = Double.toString(value);
    for (int i = 0; i < text.length(); i++) {
      into[at++] = (byte) text.charAt(i);
    }
    return at;
  }

  /**
   * Writes {@code nanos} as seconds in plain decimal at {@code at}: the whole seconds, then the
   * decimals without trailing zeros ({@code 6000000} → {@code 0.006}, {@code 2000000000} → {@code
   * 2}); returns the end. Exact, never a binary floating-point approximation.
   */
  static int seconds(byte[] into, int at, long nanos) {
    if (nanos < 0) {
      into[at++] = '-';
      nanos = -nanos;
    }
    at = decimal(into, at, nanos / 1_000_000_000L);
    long fraction = nanos % 1_000_000_000L;
    if (fraction == 0) {
      return at;
    }
    int digits = 9;
    while (fraction % 10 == 0) {
      fraction /= 10;
      digits--;
    }
    into[at++] = '.';
    for (int i = at + digits - 1; i >= at; i--) {
      into[i] = (byte) ('0' + fraction % 10);
      fraction /= 10;
    }
    return at + digits;
  }
}
