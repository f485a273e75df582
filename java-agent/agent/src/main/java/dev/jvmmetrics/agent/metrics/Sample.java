package dev.jvmmetrics.agent.metrics;

import java.util.Arrays;

/**
 * One reading of every source: gauges (values now) and counters (running totals since the JVM
 * started). Time counters are kept in nanoseconds and written as seconds.
 *
 * <p>The reporter reuses one instance per cycle, so a reading allocates nothing once the arrays
 * have grown to fit. Not thread-safe: only the reporter's thread touches it.
 */
public final class Sample {
  private String[] gaugeNames = new String[16];
  private long[] gaugeValues = new long[16];
  private int gaugeCount;

  private String[] counterNames = new String[32];
  private long[] counterTotals = new long[32];
  private boolean[] counterIsNanos = new boolean[32];
  private int counterCount;

  private int gaugeCheckpoint;
  private int counterCheckpoint;

  /** Forgets every value, keeping the arrays. */
  public void clear() {
    gaugeCount = 0;
    counterCount = 0;
    gaugeCheckpoint = 0;
    counterCheckpoint = 0;
  }

  /** Records a gauge: a value at this moment (bytes or a count). */
  public void gauge(String name, long value) {
    if (gaugeCount == gaugeNames.length) {
      gaugeNames = Arrays.copyOf(gaugeNames, gaugeCount * 2);
      gaugeValues = Arrays.copyOf(gaugeValues, gaugeCount * 2);
    }
    gaugeNames[gaugeCount] = name;
    gaugeValues[gaugeCount++] = value;
  }

  /** Records a counter's running total of events or bytes. */
  public void counter(String name, long total) {
    addCounter(name, total, false);
  }

  /** Records a counter's running total of time, in nanoseconds; it is reported in seconds. */
  public void nanosCounter(String name, long totalNanos) {
    addCounter(name, totalNanos, true);
  }

  private void addCounter(String name, long total, boolean nanos) {
    if (counterCount == counterNames.length) {
      counterNames = Arrays.copyOf(counterNames, counterCount * 2);
      counterTotals = Arrays.copyOf(counterTotals, counterCount * 2);
      counterIsNanos = Arrays.copyOf(counterIsNanos, counterCount * 2);
    }
    counterNames[counterCount] = name;
    counterTotals[counterCount] = total;
    counterIsNanos[counterCount++] = nanos;
  }

  /** Remembers how much has been recorded, so a failing source can be undone. */
  void checkpoint() {
    gaugeCheckpoint = gaugeCount;
    counterCheckpoint = counterCount;
  }

  /** Drops everything recorded since the last {@link #checkpoint()}. */
  void rollback() {
    gaugeCount = gaugeCheckpoint;
    counterCount = counterCheckpoint;
  }

  public int gaugeCount() {
    return gaugeCount;
  }

  public String gaugeName(int i) {
    return gaugeNames[i];
  }

  public long gaugeValue(int i) {
    return gaugeValues[i];
  }

  public int counterCount() {
    return counterCount;
  }

  public String counterName(int i) {
    return counterNames[i];
  }

  public long counterTotal(int i) {
    return counterTotals[i];
  }

  public boolean counterIsNanos(int i) {
    return counterIsNanos[i];
  }

  /** For tests: the gauge's value, or {@code fallback} when the sample has none by that name. */
  long findGauge(String name, long fallback) {
    for (int i = 0; i < gaugeCount; i++) {
      if (gaugeNames[i].equals(name)) {
        return gaugeValues[i];
      }
    }
    return fallback;
  }

  /** For tests: the counter's total, or {@code fallback} when the sample has none by that name. */
  long findCounter(String name, long fallback) {
    for (int i = 0; i < counterCount; i++) {
      if (counterNames[i].equals(name)) {
        return counterTotals[i];
      }
    }
    return fallback;
  }
}
