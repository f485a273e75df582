package dev.jvmmetrics.agent.report;

import java.util.Random;

/**
 * How long to wait after consecutive failures: exponential with full jitter, never sooner than the
 * reporting interval, never longer than five minutes; reset by a success.
 */
public final class Backoff {
  public static final long MAX_MILLIS = 5 * 60_000L;

  private final long intervalMillis;
  private final Random random;
  private int failures;

  public Backoff(long intervalMillis, Random random) {
    this.intervalMillis = intervalMillis;
    this.random = random;
  }

  /** Records a failure and returns the wait before the next attempt. */
  public long nextDelayMillis() {
    failures = Math.min(failures + 1, 30);
    long ceiling = Math.min(MAX_MILLIS, intervalMillis << Math.min(failures, 20));
    long jittered = (long) (random.nextDouble() * ceiling);
    return Math.max(intervalMillis, Math.min(MAX_MILLIS, jittered));
  }

  public void reset() {
    failures = 0;
  }

  /** For tests: failures since the last success, as the delay counts them. */
  int failures() {
    return failures;
  }
}
