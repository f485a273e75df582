package dev.jvmmetrics.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmmetrics.agent.http.RetryAfter;
import dev.jvmmetrics.agent.report.Backoff;
import dev.jvmmetrics.agent.report.Rfc3339;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Formatting helpers: RFC 3339 times, Retry-After, logfmt, backoff. */
class SmallPartsTest {
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

  @Test
  void readsRetryAfterInBothForms() {
    long now = Instant.parse("2026-11-29T12:00:00Z").toEpochMilli();
    assertEquals(120_000, RetryAfter.parseMillis("120", now));
    assertEquals(30_000, RetryAfter.parseMillis("Sun, 29 Nov 2026 12:00:30 GMT", now));
    assertEquals(0, RetryAfter.parseMillis("Sun, 29 Nov 2026 11:00:00 GMT", now));
    assertEquals(0, RetryAfter.parseMillis(null, now));
    assertEquals(0, RetryAfter.parseMillis("soon", now));
    assertEquals(0, RetryAfter.parseMillis("-5", now));
  }

  @Test
  void logsOneLogfmtLineWithQuotedValues() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Log log = new Log(new PrintStream(out, true));
    log.warn("report failed", "reason", "Connection refused", "status", 503, "q", "say \"hi\"");
    log.debug("hidden");
    assertEquals(
        "at=warn component=jvm-metrics-agent msg=\"report failed\" reason=\"Connection refused\""
            + " status=503 q=\"say \\\"hi\\\"\"\n",
        out.toString());
  }

  @Test
  void logsDebugOnlyWhenEnabled() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Log log = new Log(new PrintStream(out, true));
    log.enableDebug(true);
    log.debug("delivered", "bytes", 700);
    assertEquals("at=debug component=jvm-metrics-agent msg=delivered bytes=700\n", out.toString());
  }

  @Test
  void backoffGrowsWithinBoundsAndResets() {
    Backoff backoff = new Backoff(5_000, new Random(1));
    long max = 0;
    for (int i = 0; i < 40; i++) {
      long delay = backoff.nextDelayMillis();
      assertTrue(delay >= 5_000 && delay <= Backoff.MAX_MILLIS, "delay " + delay);
      max = Math.max(max, delay);
    }
    assertTrue(max > 60_000, "backoff never grew: " + max);
    backoff.reset();
    assertEquals(0, backoff.failures());
  }
}
