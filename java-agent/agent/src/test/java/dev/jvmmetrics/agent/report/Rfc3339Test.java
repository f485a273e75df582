package dev.jvmmetrics.agent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Measurements-Time: RFC 3339 in UTC with milliseconds, exactly as java.time writes it. */
class Rfc3339Test {
  private static final DateTimeFormatter RFC_3339_MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  @ParameterizedTest
  @ValueSource(
      longs = {
        0L,
        1L,
        951_782_400_000L,
        1_709_251_199_999L,
        1_796_053_650_123L,
        4_102_444_800_000L
      })
  void formatsRfc3339LikeJavaTime(long epochMillis) {
    assertEquals(
        RFC_3339_MILLIS.format(Instant.ofEpochMilli(epochMillis)), Rfc3339.format(epochMillis));
  }

  @Test
  void formatsEveryDayOfFourHundredYearsLikeJavaTime() {
    for (long day = -366; day < 146_097 + 366; day++) {
      long millis = day * 86_400_000L + 45_296_789L;
      assertEquals(Instant.ofEpochMilli(millis).toString(), Rfc3339.format(millis));
    }
  }
}
