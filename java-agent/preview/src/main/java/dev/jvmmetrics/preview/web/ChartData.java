package dev.jvmmetrics.preview.web;

import dev.jvmmetrics.preview.aggregate.Counter;
import dev.jvmmetrics.preview.aggregate.Gauge;
import dev.jvmmetrics.preview.aggregate.PeriodStats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Turns a process type's periods into the columns the page's six charts draw, in the units people
 * read: MB (2^20 bytes, as Heroku sizes dynos), milliseconds stopped per second, collections per
 * second, MB allocated per second, threads. Each column is keyed by the name the page uses; a
 * period without the metric is null, which the charts draw as a gap.
 */
public final class ChartData {
  private static final double MB = 1024.0 * 1024.0;

  private static final Map<String, ToDoubleFunction<PeriodStats>> COLUMNS = new LinkedHashMap<>();

  static {
    // 1. Memory: the quota, heap used and committed (the GC goal's analog), and the process's
    // resident memory (drawn beside non-heap committed, below): the gap is native memory.
    COLUMNS.put("memory_quota", p -> p.max(Gauge.MEMORY_LIMIT) / MB);
    COLUMNS.put("heap_used_max", p -> p.max(Gauge.HEAP_USED) / MB);
    COLUMNS.put("heap_used_avg", p -> p.avg(Gauge.HEAP_USED) / MB);
    COLUMNS.put("heap_committed_max", p -> p.max(Gauge.HEAP_COMMITTED) / MB);
    COLUMNS.put("heap_committed_avg", p -> p.avg(Gauge.HEAP_COMMITTED) / MB);
    COLUMNS.put("resident_max", p -> p.max(Gauge.RESIDENT_MEMORY) / MB);
    COLUMNS.put("resident_avg", p -> p.avg(Gauge.RESIDENT_MEMORY) / MB);
    // 2. Non-heap and stack memory: what the JVM holds outside the heap.
    COLUMNS.put("nonheap_used_max", p -> p.max(Gauge.NONHEAP_USED) / MB);
    COLUMNS.put("nonheap_used_avg", p -> p.avg(Gauge.NONHEAP_USED) / MB);
    COLUMNS.put("nonheap_committed_max", p -> p.max(Gauge.NONHEAP_COMMITTED) / MB);
    COLUMNS.put("nonheap_committed_avg", p -> p.avg(Gauge.NONHEAP_COMMITTED) / MB);
    COLUMNS.put("direct_buffers_max", p -> p.max(Gauge.DIRECT_BUFFERS) / MB);
    COLUMNS.put("thread_stacks_max", p -> p.max(Gauge.THREAD_STACKS) / MB);
    // 3. Stop-the-world time: all dynos' GC pauses per second and their time at safepoints (GC
    // pauses and every other stop), each with its share of the dynos' wall time.
    COLUMNS.put("pause_ms_per_s", p -> p.sum(Counter.PAUSE_SECONDS) * 1000 / p.periodSeconds());
    COLUMNS.put("pause_percent", p -> share(p, Counter.PAUSE_SECONDS));
    COLUMNS.put(
        "safepoint_ms_per_s", p -> p.sum(Counter.SAFEPOINT_SECONDS) * 1000 / p.periodSeconds());
    COLUMNS.put("safepoint_percent", p -> share(p, Counter.SAFEPOINT_SECONDS));
    // 4. Collections: gc_all and stop-the-world pauses, all dynos, per second.
    COLUMNS.put("collections_per_s", p -> p.sum(Counter.COLLECTIONS) / p.periodSeconds());
    COLUMNS.put("pauses_per_s", p -> p.sum(Counter.PAUSES) / p.periodSeconds());
    // 5. Allocation rate per dyno (the heap-objects analog): minimum, maximum, average.
    COLUMNS.put("alloc_min", p -> p.minRate(Counter.ALLOCATED_BYTES) / MB);
    COLUMNS.put("alloc_max", p -> p.maxRate(Counter.ALLOCATED_BYTES) / MB);
    COLUMNS.put("alloc_avg", p -> p.avgRate(Counter.ALLOCATED_BYTES) / MB);
    // 6. Threads (the goroutines analog): minimum, maximum, average, and the type's total.
    COLUMNS.put("threads_min", p -> p.min(Gauge.THREADS));
    COLUMNS.put("threads_max", p -> p.max(Gauge.THREADS));
    COLUMNS.put("threads_avg", p -> p.avg(Gauge.THREADS));
    COLUMNS.put("threads_total", p -> p.total(Gauge.THREADS));
    // Virtual threads (JDK 24+): the busiest dyno's mounted and queued, and its carriers.
    COLUMNS.put("virtual_mounted_max", p -> p.max(Gauge.VIRTUAL_MOUNTED));
    COLUMNS.put("virtual_queued_max", p -> p.max(Gauge.VIRTUAL_QUEUED));
    COLUMNS.put("carriers_max", p -> p.max(Gauge.CARRIERS));
  }

  private ChartData() {}

  /** The period's start in epoch seconds, then one array per column. */
  public static Map<String, Object> columns(List<PeriodStats> periods) {
    Map<String, Object> result = new LinkedHashMap<>();
    long[] times = new long[periods.size()];
    for (int i = 0; i < times.length; i++) {
      times[i] = periods.get(i).startMillis() / 1000;
    }
    result.put("time", times);
    COLUMNS.forEach(
        (name, column) -> {
          Double[] values = new Double[periods.size()];
          for (int i = 0; i < values.length; i++) {
            values[i] = orNull(column.applyAsDouble(periods.get(i)));
          }
          result.put(name, values);
        });
    return result;
  }

  /** Percentage of the dynos' wall time spent in GC pauses, over all the given periods. */
  public static Double pausePercent(List<PeriodStats> periods) {
    return share(periods, Counter.PAUSE_SECONDS);
  }

  /** Percentage of the dynos' wall time stopped at safepoints, over all the given periods. */
  public static Double safepointPercent(List<PeriodStats> periods) {
    return share(periods, Counter.SAFEPOINT_SECONDS);
  }

  /** A time counter's share of the wall time its dynos' reports covered, in percent. */
  private static Double share(List<PeriodStats> periods, Counter seconds) {
    double stopped = 0;
    double covered = 0;
    for (PeriodStats period : periods) {
      double time = period.sum(seconds);
      if (!Double.isNaN(time)) {
        stopped += time;
        covered += period.coveredSeconds();
      }
    }
    return covered > 0 ? orNull(stopped / covered * 100) : null;
  }

  private static double share(PeriodStats period, Counter seconds) {
    double covered = period.coveredSeconds();
    return covered > 0 ? period.sum(seconds) / covered * 100 : Double.NaN;
  }

  static Double orNull(double value) {
    // Round to 4 significant digits past the point people read, so the JSON stays small.
    if (!Double.isFinite(value)) {
      return null;
    }
    return Math.round(value * 10_000.0) / 10_000.0;
  }
}
