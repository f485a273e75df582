package dev.jvmmetrics.agent.metrics;

import dev.jvmmetrics.agent.platform.PerfSafepoints;

/**
 * How long the application was really stopped: the JVM's safepoint counters ({@link
 * PerfSafepoints}), every stop-the-world moment whether a collector or another VM operation asked
 * for it, time to safepoint included.
 *
 * <pre>
 * jvm_safepoint_seconds_count       575           safepoints
 * jvm_safepoint_seconds_sum         1.000674032   time stopped, from the request to stop to the restart
 * jvm_safepoint_sync_seconds_sum    0.017928563   of which reaching the safepoint (time to safepoint)
 * </pre>
 *
 * <p>The names follow {@code jvm_gc_pause_seconds_*}: a {@code _sum} of seconds and a {@code
 * _count} of events, so the sum over the count is the mean stop. A GC pause is timed by the
 * collector inside its safepoint, so {@code jvm_safepoint_seconds_sum} holds it and more (time to
 * safepoint, the safepoint's own cleanup, non-GC operations). Absent when the JVM has no
 * performance counters we can read ({@code -XX:-UsePerfData}, {@code -XX:+PerfDisableSharedMem}).
 */
final class SafepointSource implements MetricSource {
  static final String COUNT = Metric.SAFEPOINTS.heroku();
  static final String SUM = Metric.SAFEPOINT_SECONDS.heroku();
  static final String SYNC_SUM = Metric.SAFEPOINT_SYNC_SECONDS.heroku();

  private final PerfSafepoints safepoints;

  SafepointSource(PerfSafepoints safepoints) {
    this.safepoints = safepoints;
  }

  /** The source, or null when this JVM's safepoint counters cannot be read. */
  static SafepointSource forThisJvm() {
    PerfSafepoints safepoints = PerfSafepoints.forThisJvm();
    return safepoints == null ? null : new SafepointSource(safepoints);
  }

  @Override
  public void collectInto(Sample sample) {
    sample.counter(COUNT, safepoints.count());
    sample.nanosCounter(SUM, safepoints.stoppedNanos());
    sample.nanosCounter(SYNC_SUM, safepoints.syncNanos());
  }
}
