package dev.jvmmetrics.agent.otlp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cumulative or delta, for counters and histograms (an up-down counter is always cumulative, as the
 * SDK specification says). Delta values are the change since the last <i>committed</i> export: an
 * export that was not delivered is counted again in the next one, and one that was is never counted
 * twice. Each series is a running total kept as longs (counts, nanoseconds, milliseconds) in its
 * own {@link Totals}, made once when the series is first written and kept by its writer, so an
 * export neither looks series up nor allocates.
 */
final class Temporality {
  /** One series' running totals: as last committed, as being written, and the change sent. */
  static final class Totals {
    final long[] committed;
    final long[] pending;
    final long[] change;
    boolean hasCommitted;
    boolean isPending;

    Totals(int size) {
      committed = new long[size];
      pending = new long[size];
      change = new long[size];
    }
  }

  private final boolean delta;
  private final List<Totals> all = new ArrayList<>();

  /** By the writers' own index (a catalogue entry's ordinal): see {@link #totals(int)}. */
  private Totals[] byIndex = new Totals[0];

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
    for (int i = 0; i < all.size(); i++) {
      all.get(i).isPending = false;
    }
    pendingTimeNanos = timeNanos;
  }

  /** A new series of {@code size} running totals. */
  Totals newTotals(int size) {
    Totals totals = new Totals(size);
    all.add(totals);
    return totals;
  }

  /** The single-valued series numbered {@code index} by its writer, made at its first use. */
  Totals totals(int index) {
    if (index >= byIndex.length) {
      byIndex = Arrays.copyOf(byIndex, index + 1);
    }
    if (byIndex[index] == null) {
      byIndex[index] = newTotals(1);
    }
    return byIndex[index];
  }

  /**
   * What to send for a series' running totals (each element separately): {@code totals} itself, or
   * its change, in {@code series}' own array.
   */
  long[] value(Totals series, long[] totals) {
    if (!delta) {
      return totals;
    }
    System.arraycopy(totals, 0, series.pending, 0, series.pending.length);
    series.isPending = true;
    if (!series.hasCommitted) {
      return totals;
    }
    for (int i = 0; i < series.change.length; i++) {
      long base = series.committed[i];
      // A total that went down (a bean gone and back) restarts from zero, never goes negative.
      series.change[i] = totals[i] >= base ? totals[i] - base : totals[i];
    }
    return series.change;
  }

  /** {@link #value(Totals, long[])} of the single-valued series numbered {@code index}. */
  long value(int index, long total) {
    if (!delta) {
      return total;
    }
    Totals series = totals(index);
    series.pending[0] = total;
    series.isPending = true;
    long base = series.committed[0];
    return !series.hasCommitted ? total : total >= base ? total - base : total;
  }

  /** The export last written was delivered, or refused for good. */
  void commit() {
    if (delta && pendingTimeNanos != 0) {
      for (int i = 0; i < all.size(); i++) {
        Totals series = all.get(i);
        if (series.isPending) {
          System.arraycopy(series.pending, 0, series.committed, 0, series.pending.length);
          series.hasCommitted = true;
          series.isPending = false;
        }
      }
      committedTimeNanos = pendingTimeNanos;
    }
  }
}
