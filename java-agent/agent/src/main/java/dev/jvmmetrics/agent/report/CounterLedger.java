package dev.jvmmetrics.agent.report;

import dev.jvmmetrics.agent.metrics.Sample;
import java.util.HashMap;
import java.util.Map;

/**
 * The counter totals last <em>delivered</em>, from which each report's deltas are computed.
 *
 * <p>Nothing changes until a report is delivered ({@link #commit}), so after an outage of any
 * length the next delivered report carries everything that happened meanwhile. A counter the ledger
 * has never seen starts from zero: the first report carries totals since the JVM started. A JVM
 * that takes over reporting from another starts instead from its totals at that moment ({@link
 * #baseline}).
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

  /**
   * Makes room for every counter in {@code sample}, before it is sent: a new counter starts at
   * zero, which reads the same as unseen. Afterwards {@link #commit} allocates nothing, so once a
   * report is delivered its commit cannot fail half-way (an {@code OutOfMemoryError} included) and
   * leave counts to be sent twice.
   */
  void track(Sample sample) {
    for (int i = 0; i < sample.counterCount(); i++) {
      String name = sample.counterName(i);
      if (!delivered.containsKey(name)) {
        delivered.put(name, new long[1]);
      }
    }
  }

  /**
   * Starts every counter in {@code sample} from its total now, as if delivered: what was counted
   * before is never reported. A counter first seen later still starts from zero.
   */
  void baseline(Sample sample) {
    track(sample);
    commit(sample);
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
