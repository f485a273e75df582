package dev.jvmmetrics.preview.aggregate;

import java.util.Arrays;

/**
 * What one dyno contributed to one period: each gauge's minimum, maximum and sum over the values it
 * had in the period, each counter's share of the deltas that cover the period, and how much of the
 * period its reports covered (for the share of wall time spent in pauses).
 */
final class DynoPeriod {
  private static final int GAUGES = Gauge.values().length;
  private static final int COUNTERS = Counter.values().length;

  private final double[] min = new double[GAUGES];
  private final double[] max = new double[GAUGES];
  private final double[] sum = new double[GAUGES];
  private final int[] count = new int[GAUGES];
  private final double[] counters = new double[COUNTERS];
  private final boolean[] hasCounter = new boolean[COUNTERS];
  private boolean hasGauges;
  private double coveredMillis;

  DynoPeriod() {
    Arrays.fill(min, Double.POSITIVE_INFINITY);
    Arrays.fill(max, Double.NEGATIVE_INFINITY);
  }

  /** A copy, for readers outside the formation's lock while reports keep arriving. */
  DynoPeriod copy() {
    DynoPeriod copy = new DynoPeriod();
    System.arraycopy(min, 0, copy.min, 0, GAUGES);
    System.arraycopy(max, 0, copy.max, 0, GAUGES);
    System.arraycopy(sum, 0, copy.sum, 0, GAUGES);
    System.arraycopy(count, 0, copy.count, 0, GAUGES);
    System.arraycopy(counters, 0, copy.counters, 0, COUNTERS);
    System.arraycopy(hasCounter, 0, copy.hasCounter, 0, COUNTERS);
    copy.hasGauges = hasGauges;
    copy.coveredMillis = coveredMillis;
    return copy;
  }

  /** Adds one value of every gauge; NaN marks a gauge the report did not carry. */
  void addGauges(double[] values) {
    for (int i = 0; i < GAUGES; i++) {
      double value = values[i];
      if (!Double.isNaN(value)) {
        min[i] = Math.min(min[i], value);
        max[i] = Math.max(max[i], value);
        sum[i] += value;
        count[i]++;
        hasGauges = true;
      }
    }
  }

  /** Adds {@code share} of each counter delta (NaN: not in the report) over {@code millis}. */
  void addCounters(double[] deltas, double share, double millis) {
    for (int i = 0; i < COUNTERS; i++) {
      if (!Double.isNaN(deltas[i])) {
        counters[i] += deltas[i] * share;
        hasCounter[i] = true;
      }
    }
    coveredMillis += millis;
  }

  boolean hasGauges() {
    return hasGauges;
  }

  boolean has(Gauge gauge) {
    return count[gauge.ordinal()] > 0;
  }

  double min(Gauge gauge) {
    return min[gauge.ordinal()];
  }

  double max(Gauge gauge) {
    return max[gauge.ordinal()];
  }

  double mean(Gauge gauge) {
    return sum[gauge.ordinal()] / count[gauge.ordinal()];
  }

  boolean has(Counter counter) {
    return hasCounter[counter.ordinal()];
  }

  double value(Counter counter) {
    return counters[counter.ordinal()];
  }

  double coveredMillis() {
    return coveredMillis;
  }
}
