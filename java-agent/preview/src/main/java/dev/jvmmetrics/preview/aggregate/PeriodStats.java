package dev.jvmmetrics.preview.aggregate;

import java.util.Collection;
import java.util.List;

/**
 * One period of one process type, aggregated across its dynos as Heroku does: for a gauge the
 * maximum of the dynos' values and the average of the dynos' averages (and the minimum and the
 * total), for a counter the sum (and each dyno's minimum, maximum and average). NaN where no dyno
 * had the metric in the period.
 */
public final class PeriodStats {
  private final long startMillis;
  private final long periodMillis;
  private final List<DynoPeriod> dynos;

  PeriodStats(long startMillis, long periodMillis, Collection<DynoPeriod> dynos) {
    this.startMillis = startMillis;
    this.periodMillis = periodMillis;
    this.dynos = List.copyOf(dynos);
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

  /** The smallest dyno's share of a counter for the period. */
  public double min(Counter counter) {
    double result = Double.NaN;
    for (DynoPeriod dyno : dynos) {
      if (dyno.has(counter)) {
        result = Double.isNaN(result) ? dyno.value(counter) : Math.min(result, dyno.value(counter));
      }
    }
    return result;
  }

  public double max(Counter counter) {
    double result = Double.NaN;
    for (DynoPeriod dyno : dynos) {
      if (dyno.has(counter)) {
        result = Double.isNaN(result) ? dyno.value(counter) : Math.max(result, dyno.value(counter));
      }
    }
    return result;
  }

  public double avg(Counter counter) {
    int n = 0;
    double sum = 0;
    for (DynoPeriod dyno : dynos) {
      if (dyno.has(counter)) {
        sum += dyno.value(counter);
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
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
