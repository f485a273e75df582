package dev.jvmmetrics.preview.aggregate;

import java.util.Collection;
import java.util.List;

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
    double result = Double.NaN;
    for (DynoPeriod dyno : dynos) {
      if (dyno.has(gauge)) {
        result = Double.isNaN(result) ? dyno.max(gauge) : Math.max(result, dyno.max(gauge));
      }
    }
    return result;
  }

  public double min(Gauge gauge) {
    double result = Double.NaN;
    for (DynoPeriod dyno : dynos) {
      if (dyno.has(gauge)) {
        result = Double.isNaN(result) ? dyno.min(gauge) : Math.min(result, dyno.min(gauge));
      }
    }
    return result;
  }

  /** The average across dynos of each dyno's average, so every dyno weighs the same. */
  public double avg(Gauge gauge) {
    int n = 0;
    double sum = 0;
    for (DynoPeriod dyno : dynos) {
      if (dyno.has(gauge)) {
        sum += dyno.mean(gauge);
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  /** The sum across dynos of each dyno's average: the process type's total (threads). */
  public double total(Gauge gauge) {
    int n = 0;
    double sum = 0;
    for (DynoPeriod dyno : dynos) {
      if (dyno.has(gauge)) {
        sum += dyno.mean(gauge);
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum;
  }

  /** A counter's sum across dynos for the period. */
  public double sum(Counter counter) {
    int n = 0;
    double sum = 0;
    for (DynoPeriod dyno : dynos) {
      if (dyno.has(counter)) {
        sum += dyno.value(counter);
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum;
  }

  /**
   * The slowest dyno's rate of a counter, per second of the time its reports covered in this
   * period: a dyno that started or stopped within the period is not drawn as a slow one.
   */
  public double minRate(Counter counter) {
    double result = Double.NaN;
    for (DynoPeriod dyno : dynos) {
      double rate = rate(dyno, counter);
      if (!Double.isNaN(rate)) {
        result = Double.isNaN(result) ? rate : Math.min(result, rate);
      }
    }
    return result;
  }

  /** The fastest dyno's rate of a counter, per second (see {@link #minRate}). */
  public double maxRate(Counter counter) {
    double result = Double.NaN;
    for (DynoPeriod dyno : dynos) {
      double rate = rate(dyno, counter);
      if (!Double.isNaN(rate)) {
        result = Double.isNaN(result) ? rate : Math.max(result, rate);
      }
    }
    return result;
  }

  /** The average of the dynos' rates of a counter, per second (see {@link #minRate}). */
  public double avgRate(Counter counter) {
    int n = 0;
    double sum = 0;
    for (DynoPeriod dyno : dynos) {
      double rate = rate(dyno, counter);
      if (!Double.isNaN(rate)) {
        sum += rate;
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
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
