package dev.jvmmetrics.agent.otlp;

import java.util.HashMap;
import java.util.Map;

/**
 * Cumulative or delta, for counters and histograms (an up-down counter is always cumulative, as the
 * SDK specification says). Delta values are the change since the last <i>committed</i> export: an
 * export that was not delivered is counted again in the next one, and one that was is never counted
 * twice. Each series is a running total kept as longs (counts, nanoseconds, milliseconds), keyed by
 * its name and attribute values.
 */
final class Temporality {
  private final boolean delta;
  private final Map<String, long[]> committed = new HashMap<>();
  private final Map<String, long[]> pending = new HashMap<>();
  private long committedTimeNanos;
  private long pendingTimeNanos;

  Temporality(boolean delta) {
    this.delta = delta;
  }

  int code() {
    return delta ? ExportEncoder.DELTA : ExportEncoder.CUMULATIVE;
  }

  /** The start of a series' current point; {@code originNanos} is when its totals began. */
  long start(long originNanos) {
    return delta && committedTimeNanos != 0 ? committedTimeNanos : originNanos;
  }

  /** The export being written is at {@code timeNanos}. */
  void writing(long timeNanos) {
    pending.clear();
    pendingTimeNanos = timeNanos;
  }

  /** What to send for a running total (each element separately): itself, or its delta. */
  long[] value(String key, long[] totals) {
    if (!delta) {
      return totals;
    }
    pending.put(key, totals.clone());
    long[] base = committed.get(key);
    if (base == null) {
      return totals;
    }
    long[] change = new long[totals.length];
    for (int i = 0; i < totals.length; i++) {
      // A total that went down (a bean gone and back) restarts from zero, never goes negative.
      change[i] = totals[i] >= base[i] ? totals[i] - base[i] : totals[i];
    }
    return change;
  }

  long value(String key, long total) {
    return value(key, new long[] {total})[0];
  }

  /** The export last written was delivered, or refused for good. */
  void commit() {
    if (delta && pendingTimeNanos != 0) {
      committed.putAll(pending);
      pending.clear();
      committedTimeNanos = pendingTimeNanos;
    }
  }
}
