package dev.jvmmetrics.agent.metrics;

import dev.jvmmetrics.agent.platform.PerfGcPauses;
import dev.jvmmetrics.agent.platform.PlatformBeans;
import java.lang.management.GarbageCollectorMXBean;
import java.util.List;

/**
 * Garbage collection counts and times, for every collector bean the JVM has.
 *
 * <pre>
 * jvm_gc_collection_seconds_count.gc_G1_Young_Generation   12
 * jvm_gc_collection_seconds_sum.gc_G1_Young_Generation     0.034
 * jvm_gc_collection_seconds_count.gc_all                   12   (collections, not pauses)
 * jvm_gc_pause_seconds_count                               12   (stop-the-world pauses)
 * jvm_gc_pause_seconds_sum                                 0.034
 * jvm_gc_concurrent_seconds_count                          3    (only with a concurrent collector)
 * jvm_gc_concurrent_seconds_sum                            0.412
 * </pre>
 *
 * <p>Per-bean counters keep Heroku's names byte for byte: {@code gc_} and the bean's name with
 * spaces turned into underscores, and the bean's own figures ({@link
 * GarbageCollectorMXBean#getCollectionCount()}, {@link
 * GarbageCollectorMXBean#getCollectionTime()}). {@code gc_all} adds up the collections: every bean
 * but the pause-only ones ({@link GcKind}).
 *
 * <p>Pauses come from the most precise source this JVM offers, one source for all of them so none
 * is counted twice:
 *
 * <ol>
 *   <li>the JVM's performance counters ({@link PerfGcPauses}): tick precision, and the only source
 *       with G1's Remark and Cleanup pauses on JDK 11 to 19;
 *   <li>otherwise the stop-the-world beans' totals. A bean's time is one running tick timer that
 *       the JVM cuts to whole milliseconds only when read, so its error is under 1 ms per bean in
 *       total. GC notifications are less precise for time (each event's duration is the difference
 *       of two timestamps already cut to milliseconds: up to 1 ms off per pause) and miss the
 *       collections before the listener was added, so they are not used for pauses.
 * </ol>
 *
 * <p>Concurrent cycle time and count come from the {@code … Cycles} beans.
 */
final class GcSource implements MetricSource {
  static final String ALL_COLLECTIONS = Metric.GC_COLLECTIONS.heroku();
  static final String PAUSE_COUNT = Metric.GC_PAUSES.heroku();
  static final String PAUSE_SUM = Metric.GC_PAUSE_SECONDS.heroku();
  static final String CONCURRENT_COUNT = Metric.GC_CONCURRENT_CYCLES.heroku();
  static final String CONCURRENT_SUM = Metric.GC_CONCURRENT_SECONDS.heroku();

  private final GarbageCollectorMXBean[] beans;
  private final GcKind[] kinds;
  private final String[] countNames;
  private final String[] sumNames;
  private final boolean hasConcurrent;
  private final PerfGcPauses perfPauses;

  /**
   * @param perfPauses the JVM's pause counters, or null to take pauses from the beans
   */
  GcSource(List<GarbageCollectorMXBean> collectors, PerfGcPauses perfPauses) {
    this.perfPauses = perfPauses;
    int n = collectors.size();
    beans = collectors.toArray(new GarbageCollectorMXBean[n]);
    kinds = new GcKind[n];
    countNames = new String[n];
    sumNames = new String[n];
    boolean concurrent = false;
    for (int i = 0; i < n; i++) {
      String name = beans[i].getName();
      kinds[i] = GcKind.of(name);
      countNames[i] = Metric.GC_COLLECTOR_COUNT.herokuFor(metricSuffix(name));
      sumNames[i] = Metric.GC_COLLECTOR_SECONDS.herokuFor(metricSuffix(name));
      concurrent |= kinds[i] == GcKind.CONCURRENT_CYCLE;
    }
    hasConcurrent = concurrent;
  }

  static GcSource forThisJvm() {
    return new GcSource(PlatformBeans.collectors(), PerfGcPauses.forThisJvm());
  }

  /** A bean name as Heroku's metric names spell it: spaces become underscores. */
  static String metricSuffix(String beanName) {
    return beanName.replace(' ', '_');
  }

  @Override
  public void collectInto(Sample sample) {
    long collections = 0;
    long pauses = 0;
    long pauseMillis = 0;
    long cycles = 0;
    long cycleMillis = 0;
    for (int i = 0; i < beans.length; i++) {
      long count = beans[i].getCollectionCount();
      long millis = beans[i].getCollectionTime();
      if (count < 0 || millis < 0) {
        continue; // The JVM says this bean's figures are undefined.
      }
      sample.counter(countNames[i], count);
      sample.nanosCounter(sumNames[i], millis * 1_000_000L);
      GcKind kind = kinds[i];
      if (kind.isCollection) {
        collections += count;
      }
      if (kind.isPause) {
        pauses += count;
        pauseMillis += millis;
      } else {
        cycles += count;
        cycleMillis += millis;
      }
    }
    sample.counter(ALL_COLLECTIONS, collections);
    if (perfPauses != null) {
      sample.counter(PAUSE_COUNT, perfPauses.pauseCount());
      sample.nanosCounter(PAUSE_SUM, perfPauses.pauseNanos());
    } else {
      sample.counter(PAUSE_COUNT, pauses);
      sample.nanosCounter(PAUSE_SUM, pauseMillis * 1_000_000L);
    }
    if (hasConcurrent) {
      sample.counter(CONCURRENT_COUNT, cycles);
      sample.nanosCounter(CONCURRENT_SUM, cycleMillis * 1_000_000L);
    }
  }
}
