package dev.jvmmetrics.agent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonNumbersTest {
  private static String decimal(long value) {
    byte[] into = new byte[JsonNumbers.MAX_LONG_LENGTH + 2];
    into[0] = 'x';
    int end = JsonNumbers.decimal(into, 1, value);
    return new String(into, 1, end - 1, StandardCharsets.US_ASCII);
  }

  private static String number(double value) {
    byte[] into = new byte[JsonNumbers.MAX_DOUBLE_LENGTH];
    int end = JsonNumbers.number(into, 0, value);
    return new String(into, 0, end, StandardCharsets.US_ASCII);
  }

  @Test
  void longsAreWrittenAsLongToStringWritesThem() {
    long[] values = {0, 7, -7, 10, 1_000_000_000, Long.MAX_VALUE, Long.MIN_VALUE};
    for (long value : values) {
      assertEquals(Long.toString(value), decimal(value));
    }
    Random random = new Random(18);
    for (int i = 0; i < 10_000; i++) {
      long value = random.nextLong() >> random.nextInt(64);
      assertEquals(Long.toString(value), decimal(value));
    }
  }

  @Test
  void wholeNanosecondsAreWrittenAsExactDecimals() {
    assertEquals("0", number(0.0));
    assertEquals("0.01", number(0.01));
    assertEquals("10", number(10));
    assertEquals("0.000000125", number(1.25e-7));
    assertEquals("-1.5", number(-1.5));
    assertEquals("1234.000000001", number(1_234_000_000_001L / 1e9));
  }

  @Test
  void everyDoubleReadsBackAsTheSameBits() {
    double[] values = {
      -0.0, 0.5, 1.0 / 3, Math.PI, 9e6, 8_999_999.999_999_999, 1e300, -1e-300, Double.MIN_VALUE
    };
    for (double value : values) {
      assertSameBits(value);
    }
    Random random = new Random(18);
    for (int i = 0; i < 10_000; i++) {
      assertSameBits(random.nextInt(1 << 30) / 1e9 * random.nextInt(20_000)); // CPU and GC times
      assertSameBits(random.nextLong() / 1e9);
      assertSameBits(random.nextDouble());
    }
  }

  private static void assertSameBits(double value) {
    String text = number(value);
    assertEquals(
        Double.doubleToRawLongBits(value),
        Double.doubleToRawLongBits(Double.parseDouble(text)),
        value + " written as " + text);
  }
}
