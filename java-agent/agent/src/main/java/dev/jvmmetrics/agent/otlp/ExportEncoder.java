package dev.jvmmetrics.agent.otlp;

import dev.jvmmetrics.agent.metrics.OtelMetric;
import dev.jvmmetrics.agent.report.Payload;
import java.util.Map;

/**
 * Writes one {@code ExportMetricsServiceRequest} (one resource, one scope) as a stream of calls, so
 * the same walk over the readings serves both OTLP encodings: {@link ProtobufEncoder} and {@link
 * JsonEncoder}. A point carries at most two attributes (the conventions' JVM series have no more);
 * an attribute whose key is null is absent, a value is a {@link String} or a {@link Boolean}.
 *
 * <p>Times are nanoseconds since the epoch. The encoder reuses its buffer from one export to the
 * next and is the {@link Payload.Body} of the export just written.
 */
abstract class ExportEncoder implements Payload.Body {
  /** OTLP's {@code AggregationTemporality} values. */
  static final int DELTA = 1;

  static final int CUMULATIVE = 2;

  /** Starts a request: forgets the previous one, writes the resource and opens the scope. */
  abstract void begin(Map<String, String> resource, String scopeName, String scopeVersion);

  /**
   * Opens one metric of {@code metric}'s name, unit and instrument; {@code temporality} is used by
   * sums and histograms.
   */
  abstract void beginMetric(OtelMetric metric, int temporality);

  abstract void longPoint(
      String key1, Object value1, String key2, Object value2, long start, long time, long value);

  abstract void doublePoint(
      String key1, Object value1, String key2, Object value2, long start, long time, double value);

  /**
   * One histogram point: {@code buckets.length == bounds.length + 1}, the last bucket counting what
   * is above the last bound.
   */
  abstract void histogramPoint(
      String key1,
      Object value1,
      String key2,
      Object value2,
      long start,
      long time,
      long count,
      double sum,
      long[] buckets,
      double[] bounds);

  abstract void endMetric();

  /** Closes the scope, the resource and the request. */
  abstract void end();
}
