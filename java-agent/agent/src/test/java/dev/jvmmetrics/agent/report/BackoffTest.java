package dev.jvmmetrics.agent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Exponential backoff with full jitter, between the interval and five minutes. */
class BackoffTest {
  private static final long INTERVAL = 1_000;

  @Test
  void theCeilingDoublesWithEachFailure() {
    for (int failures = 1; failures <= 8; failures++) {
      Backoff backoff = new Backoff(INTERVAL, failures);
      long max = 0;
      for (int sample = 0; sample < 400; sample++) {
        backoff.reset();
        long delay = 0;
        for (int i = 0; i < failures; i++) {
          delay = backoff.nextDelayMillis();
        }
        max = Math.max(max, delay);
      }
      long ceiling = INTERVAL << failures;
      assertTrue(max <= ceiling, failures + " failures: " + max + " > " + ceiling);
      assertTrue(
          max > ceiling * 9 / 10, failures + " failures: never near " + ceiling + ", " + max);
    }
  }

  @Test
  void fullJitterSpreadsRetriesOverTheWholeRangeUpToFiveMinutes() {
    Backoff backoff = new Backoff(INTERVAL, 42);
    for (int i = 0; i < 20; i++) {
      backoff.nextDelayMillis(); // Well past the cap.
    }
    int low = 0;
    int high = 0;
    for (int i = 0; i < 2_000; i++) {
      long delay = backoff.nextDelayMillis();
      assertTrue(delay >= INTERVAL && delay <= Backoff.MAX_MILLIS, "delay " + delay);
      low += delay < Backoff.MAX_MILLIS / 5 ? 1 : 0;
      high += delay > Backoff.MAX_MILLIS * 4 / 5 ? 1 : 0;
    }
    // Uniform over [0, cap]: about a fifth in each end. Equal jitter would put none in the low one.
    assertTrue(low > 300 && high > 300, "low " + low + ", high " + high);
  }

  @Test
  void aSuccessStartsOver() {
    Backoff backoff = new Backoff(INTERVAL, 3);
    for (int i = 0; i < 12; i++) {
      backoff.nextDelayMillis();
    }
    backoff.reset();
    assertEquals(0, backoff.failures());
    assertTrue(backoff.nextDelayMillis() <= 2 * INTERVAL);
  }

  @Test
  void backoffGrowsWithinBoundsAndResets() {
    Backoff backoff = new Backoff(5_000, 1);
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
