package dev.jvmmetrics.agent.otlp;

import dev.jvmmetrics.agent.metrics.OtelMetric;
import dev.jvmmetrics.agent.report.Payload;

/**
 * Writes one {@code ExportMetricsServiceRequest} (one resource, one scope) as a stream of calls, so
 * the same walk over the readings serves both OTLP encodings: {@link ProtobufEncoder} and {@link
 * JsonEncoder}. A point carries at most two attributes (the conventions' JVM series have no more),
 * each encoded once by {@link #attribute(String, String)} when its series is first seen and passed
 * to every export after as those bytes; a null attribute is absent.
 *
 * <p>An export runs every few seconds for the life of the app, interpreted, so it allocates
 * nothing: the resource, the scope, each metric's name, description and unit and each attribute are
 * encoded at set-up, numbers are written digit by digit, and the buffer is reused from one export
 * to the next. The encoder is the {@link Payload.Body} of the export just written. Times are
 * nanoseconds since the epoch.
 */
abstract class ExportEncoder implements Payload.Body {
  /** OTLP's {@code AggregationTemporality} values. */
  static final int DELTA = 1;

  static final int CUMULATIVE = 2;

  /** Starts a request: forgets the previous one, writes the resource and opens the scope. */
  abstract void begin();

  /** A {@code KeyValue} with a string value, encoded for this encoder's points. */
  abstract byte[] attribute(String key, String value);

  /** A {@code KeyValue} with a boolean value, encoded for this encoder's points. */
  abstract byte[] attribute(String key, boolean value);

  /**
   * Opens one metric of {@code metric}'s name, unit and instrument; {@code temporality} is used by
   * sums and histograms.
   */
  abstract void beginMetric(OtelMetric metric, int temporality);

  abstract void longPoint(byte[] attribute1, byte[] attribute2, long start, long time, long value);

  abstract void doublePoint(
      byte[] attribute1, byte[] attribute2, long start, long time, double value);

  /**
   * One histogram point: the bucket counts are {@code buckets[from]} to {@code buckets[from +
   * bounds.length]}, the last counting what is above the last bound (an offset, so that a series'
   * running totals are written where they are, without a copy).
   */
  abstract void histogramPoint(
      byte[] attribute1,
      byte[] attribute2,
      long start,
      long time,
      long count,
      double sum,
      long[] buckets,
      int from,
      double[] bounds);

  abstract void endMetric();

  /** Closes the scope, the resource and the request. */
  abstract void end();
}
