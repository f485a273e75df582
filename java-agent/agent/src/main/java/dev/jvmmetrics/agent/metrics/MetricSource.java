package dev.jvmmetrics.agent.metrics;

/** One family of metrics, read from the JVM into a {@link Sample}. */
public interface MetricSource {
  /**
   * Adds this family's current values to {@code sample}. May throw anything: the {@link Collector}
   * then drops what this source added to this sample, and keeps the rest.
   */
  void collectInto(Sample sample);
}
