package dev.jvmmetrics.agent.report;

/**
 * How long to wait after consecutive failures: exponential with full jitter, never sooner than the
 * reporting interval, never longer than five minutes; reset by a success.
 */
public final class Backoff {
  public static final long MAX_MILLIS = 5 * 60_000L;

  private final long intervalMillis;
  // Jitter needs no quality, only spread: a xorshift generator rather than java.util.Random,
  // which is two more classes to load.
  private long state;
  private int failures;

  /** {@code seed} spreads the JVMs of a dyno apart; {@link System#nanoTime} will do. */
  public Backoff(long intervalMillis, long seed) {
    this.intervalMillis = intervalMillis;
    // SplitMix64's finaliser: neighbouring seeds (nanoTime of two JVMs) start far apart.
    long z = seed + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z ^= z >>> 31;
    this.state = z == 0 ? 1 : z; // xorshift stays at zero forever.
  }

  /** Records a failure and returns the wait before the next attempt. */
  public long nextDelayMillis() {
    failures = Math.min(failures + 1, 30);
    long ceiling = Math.min(MAX_MILLIS, intervalMillis << Math.min(failures, 20));
    long jittered = (long) (nextFraction() * ceiling);
    return Math.max(intervalMillis, Math.min(MAX_MILLIS, jittered));
  }

  /** A fraction in [0, 1): Marsaglia's xorshift64, its top 53 bits. */
  private double nextFraction() {
    state ^= state << 13;
    state ^= state >>> 7;
    state ^= state << 17;
    return (state >>> 11) * 0x1.0p-53;
  }

  public void reset() {
    failures = 0;
  }

  /** For tests: failures since the last success, as the delay counts them. */
  int failures() {
    return failures;
  }
}
