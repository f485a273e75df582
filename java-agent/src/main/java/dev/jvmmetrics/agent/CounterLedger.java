package dev.jvmmetrics.agent;

import java.util.HashMap;
import java.util.Map;

/**
 * The counter totals last <em>delivered</em>, from which each report's deltas are computed.
 *
 * <p>Nothing changes until a report is delivered ({@link #commit}), so after an outage of any
 * length the next delivered report carries everything that happened meanwhile. A counter the
 * ledger has never seen starts from zero: the first report carries totals since the JVM started.
 */
final class CounterLedger {
  // long[1] cells, so a commit updates in place instead of boxing a new Long per counter.
  private final Map<String, long[]> delivered = new HashMap<>();

  /** The amount to report for a counter now at {@code total}: never negative. */
  long delta(String name, long total) {
    long[] base = delivered.get(name);
    long delta = base == null ? total : total - base[0];
    return delta < 0 ? 0 : delta;
  }

  /** Records that every counter in {@code sample} was delivered (or deliberately dropped). */
  void commit(Sample sample) {
    for (int i = 0; i < sample.counterCount(); i++) {
      String name = sample.counterName(i);
      long[] base = delivered.get(name);
      if (base == null) {
        delivered.put(name, new long[] {sample.counterTotal(i)});
      } else {
        base[0] = sample.counterTotal(i);
      }
    }
  }
}
