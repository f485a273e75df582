package dev.jvmmetrics.preview.aggregate;

import java.util.Collection;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.stream.DoubleStream;
import java.util.stream.Stream;

/**
 * One period of one process type, aggregated across its dynos as Heroku does: for a gauge the
 * maximum of the dynos' values and the average of the dynos' averages (and the minimum and the
 * total), for a counter the sum (and the slowest, fastest and average dyno's rate). NaN where no
 * dyno had the metric in the period.
 */
public final class PeriodStats {
  private final long startMillis;
  private final long periodMillis;
  private final List<DynoPeriod> dynos;

  PeriodStats(long startMillis, long periodMillis, Collection<DynoPeriod> dynos) {
    this.startMillis = startMillis;
    this.periodMillis = periodMillis;
    // Copied under the formation's lock: the page and the terminal read them while reports arrive.
    this.dynos = dynos.stream().map(DynoPeriod::copy).toList();
  }

  public long startMillis() {
    return startMillis;
  }

  public double periodSeconds() {
    return periodMillis / 1000.0;
  }

  /** Dynos that contributed anything to this period. */
  public int dynoCount() {
    return dynos.size();
  }

  public double max(Gauge gauge) {
    return of(having(gauge).mapToDouble(dyno -> dyno.max(gauge))).getMax();
  }

  public double min(Gauge gauge) {
    return of(having(gauge).mapToDouble(dyno -> dyno.min(gauge))).getMin();
  }

  /** The average across dynos of each dyno's average, so every dyno weighs the same. */
  public double avg(Gauge gauge) {
    return average(of(having(gauge).mapToDouble(dyno -> dyno.mean(gauge))));
  }

  /** The sum across dynos of each dyno's average: the process type's total (threads). */
  public double total(Gauge gauge) {
    return sum(of(having(gauge).mapToDouble(dyno -> dyno.mean(gauge))));
  }

  /** A counter's sum across dynos for the period. */
  public double sum(Counter counter) {
    return sum(
        of(
            dynos.stream()
                .filter(dyno -> dyno.has(counter))
                .mapToDouble(dyno -> dyno.value(counter))));
  }

  /**
   * The slowest dyno's rate of a counter, per second of the time its reports covered in this
   * period: a dyno that started or stopped within the period is not drawn as a slow one.
   */
  public double minRate(Counter counter) {
    return rates(counter).getMin();
  }

  /** The fastest dyno's rate of a counter, per second (see {@link #minRate}). */
  public double maxRate(Counter counter) {
    return rates(counter).getMax();
  }

  /** The average of the dynos' rates of a counter, per second (see {@link #minRate}). */
  public double avgRate(Counter counter) {
    return average(rates(counter));
  }

  private Stream<DynoPeriod> having(Gauge gauge) {
    return dynos.stream().filter(dyno -> dyno.has(gauge));
  }

  private Stats rates(Counter counter) {
    return of(
        dynos.stream().mapToDouble(dyno -> rate(dyno, counter)).filter(r -> !Double.isNaN(r)));
  }

  private static Stats of(DoubleStream values) {
    return new Stats(values.summaryStatistics());
  }

  private static double average(Stats stats) {
    return stats.empty() ? Double.NaN : stats.all.getAverage();
  }

  private static double sum(Stats stats) {
    return stats.empty() ? Double.NaN : stats.all.getSum();
  }

  /** The JDK's summary, with NaN rather than ±infinity where no dyno had the metric. */
  private record Stats(DoubleSummaryStatistics all) {
    boolean empty() {
      return all.getCount() == 0;
    }

    double getMax() {
      return empty() ? Double.NaN : all.getMax();
    }

    double getMin() {
      return empty() ? Double.NaN : all.getMin();
    }
  }

  private static double rate(DynoPeriod dyno, Counter counter) {
    return dyno.has(counter) && dyno.coveredMillis() > 0
        ? dyno.value(counter) / (dyno.coveredMillis() / 1000.0)
        : Double.NaN;
  }

  /** Seconds of this period that the dynos' reports covered, added up over the dynos. */
  public double coveredSeconds() {
    double millis = 0;
    for (DynoPeriod dyno : dynos) {
      millis += dyno.coveredMillis();
    }
    return millis / 1000.0;
  }
}
