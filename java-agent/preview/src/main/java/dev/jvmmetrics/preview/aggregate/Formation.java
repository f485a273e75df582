package dev.jvmmetrics.preview.aggregate;

import dev.jvmmetrics.preview.ingest.Report;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every process type's history, held in memory and bounded: {@code window / period} periods per
 * type (older periods are dropped as new ones begin, so the charts scroll) and at most {@code
 * maxDynos} dynos at once (a report from one more dyno is refused until a dyno has been silent for
 * the whole window). Thread-safe: the endpoint writes while the page and the terminal read.
 *
 * <p>The memory bound is the product, {@link #MAX_DYNO_PERIODS}: what one dyno holds for one period
 * is of fixed size, whatever its reports carry, because only the names the charts draw ({@link
 * Gauge}, {@link Counter}) are kept and any other name is dropped with the report.
 */
public final class Formation {
  /**
   * The most dyno-periods held at once, dynos × periods: about 100 MB. The defaults (100 dynos, 720
   * periods) hold 72,000; {@code make demo}'s 2 s periods, 180,000.
   */
  public static final long MAX_DYNO_PERIODS = 180_000;

  /**
   * What one dyno-period costs on the heap, measured: a formation of 100 dynos filled for 720 and
   * for 3,600 periods, heap after full GCs (docs/preview.md, Bounds).
   */
  public static final long BYTES_PER_DYNO_PERIOD = 560;

  private final Clock clock;
  private final long periodMillis;
  private final int capacity;
  private final int maxDynos;
  private final Map<String, ProcessTypeHistory> types = new TreeMap<>();

  public Formation(Clock clock, Duration period, Duration window, int maxDynos) {
    this.clock = clock;
    this.periodMillis = period.toMillis();
    this.capacity = (int) Math.max(1, window.toMillis() / periodMillis);
    if ((long) maxDynos * capacity > MAX_DYNO_PERIODS) {
      throw new IllegalArgumentException(
          maxDynos + " dynos × " + capacity + " periods is over " + MAX_DYNO_PERIODS);
    }
    this.maxDynos = maxDynos;
  }

  /** Takes a report in; false when it comes from a new dyno and the formation is full. */
  public synchronized boolean accept(Report report) {
    long now = clock.millis();
    String type = report.dyno().processType();
    ProcessTypeHistory history = types.get(type);
    boolean known = history != null && history.knows(report.dyno().toString());
    if (!known && dynoCount() >= maxDynos) {
      types.values().forEach(h -> h.settled(now)); // evicts dynos silent for the whole window
      types.values().removeIf(ProcessTypeHistory::isEmpty);
      if (dynoCount() >= maxDynos) {
        return false;
      }
      history = types.get(type);
    }
    if (history == null) {
      history = new ProcessTypeHistory(periodMillis, capacity);
      types.put(type, history);
    }
    history.accept(report, now);
    return true;
  }

  /** The process types in name order, each with its dynos and whether each still reports. */
  public synchronized Map<String, Map<String, Boolean>> types() {
    long now = clock.millis();
    Map<String, Map<String, Boolean>> result = new TreeMap<>();
    types.forEach((name, history) -> result.put(name, history.dynos(now)));
    return result;
  }

  /** The periods to chart for one process type, oldest first; empty for a type never seen. */
  public synchronized List<PeriodStats> periods(String type) {
    ProcessTypeHistory history = types.get(type);
    return history == null ? List.of() : new ArrayList<>(history.settled(clock.millis()));
  }

  public long periodMillis() {
    return periodMillis;
  }

  public Duration window() {
    return Duration.ofMillis(periodMillis * capacity);
  }

  public int maxDynos() {
    return maxDynos;
  }

  private int dynoCount() {
    int count = 0;
    for (ProcessTypeHistory history : types.values()) {
      count += history.dynoCount();
    }
    return count;
  }
}
