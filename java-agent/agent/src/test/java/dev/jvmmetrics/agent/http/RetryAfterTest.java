package dev.jvmmetrics.agent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Retry-After in seconds or as an HTTP date; anything else or a past date means no wait. */
class RetryAfterTest {
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
}
