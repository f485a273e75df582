package dev.jvmmetrics.agent.otlp;

import dev.jvmmetrics.agent.metrics.OtelMetric;
import java.util.Map;

/**
 * OTLP/HTTP protobuf ({@code application/x-protobuf}): the field numbers of opentelemetry-proto's
 * {@code collector/metrics/v1}, {@code metrics/v1}, {@code resource/v1} and {@code common/v1}
 * messages. Only the fields the agent sets are written; protobuf readers take every other field as
 * its default.
 */
final class ProtobufEncoder extends ExportEncoder {
  // ExportMetricsServiceRequest
  private static final int REQUEST_RESOURCE_METRICS = 1;
  // ResourceMetrics, ScopeMetrics
  private static final int RESOURCE_METRICS_RESOURCE = 1;
  private static final int RESOURCE_METRICS_SCOPE_METRICS = 2;
  private static final int SCOPE_METRICS_SCOPE = 1;
  private static final int SCOPE_METRICS_METRICS = 2;
  // Resource, InstrumentationScope
  private static final int RESOURCE_ATTRIBUTES = 1;
  private static final int SCOPE_NAME = 1;
  private static final int SCOPE_VERSION = 2;
  // Metric
  private static final int METRIC_NAME = 1;
  private static final int METRIC_DESCRIPTION = 2;
  private static final int METRIC_UNIT = 3;
  private static final int METRIC_GAUGE = 5;
  private static final int METRIC_SUM = 7;
  private static final int METRIC_HISTOGRAM = 9;
  // Gauge, Sum, Histogram
  private static final int DATA_POINTS = 1;
  private static final int AGGREGATION_TEMPORALITY = 2;
  private static final int SUM_IS_MONOTONIC = 3;
  // NumberDataPoint
  private static final int NUMBER_START_TIME = 2;
  private static final int NUMBER_TIME = 3;
  private static final int NUMBER_AS_DOUBLE = 4;
  private static final int NUMBER_AS_INT = 6;
  private static final int NUMBER_ATTRIBUTES = 7;
  // HistogramDataPoint
  private static final int HISTOGRAM_START_TIME = 2;
  private static final int HISTOGRAM_TIME = 3;
  private static final int HISTOGRAM_COUNT = 4;
  private static final int HISTOGRAM_SUM = 5;
  private static final int HISTOGRAM_BUCKET_COUNTS = 6;
  private static final int HISTOGRAM_EXPLICIT_BOUNDS = 7;
  private static final int HISTOGRAM_ATTRIBUTES = 9;
  // KeyValue, AnyValue
  private static final int KEY = 1;
  private static final int VALUE = 2;
  private static final int STRING_VALUE = 1;
  private static final int BOOL_VALUE = 2;

  private final ProtoBuffer out = new ProtoBuffer();

  @Override
  void begin(Map<String, String> resource, String scopeName, String scopeVersion) {
    out.clear();
    out.beginMessage(REQUEST_RESOURCE_METRICS);
    out.beginMessage(RESOURCE_METRICS_RESOURCE);
    for (Map.Entry<String, String> attribute : resource.entrySet()) {
      attribute(RESOURCE_ATTRIBUTES, attribute.getKey(), attribute.getValue());
    }
    out.endMessage();
    out.beginMessage(RESOURCE_METRICS_SCOPE_METRICS);
    out.beginMessage(SCOPE_METRICS_SCOPE);
    out.string(SCOPE_NAME, scopeName);
    if (scopeVersion != null) {
      out.string(SCOPE_VERSION, scopeVersion);
    }
    out.endMessage();
  }

  @Override
  void beginMetric(OtelMetric metric, int temporality) {
    out.beginMessage(SCOPE_METRICS_METRICS);
    out.string(METRIC_NAME, metric.otel());
    out.string(METRIC_DESCRIPTION, metric.description());
    out.string(METRIC_UNIT, metric.unit());
    switch (metric.instrument()) {
      case GAUGE:
        out.beginMessage(METRIC_GAUGE);
        break;
      case HISTOGRAM:
        out.beginMessage(METRIC_HISTOGRAM);
        out.uint64(AGGREGATION_TEMPORALITY, temporality);
        break;
      default:
        out.beginMessage(METRIC_SUM);
        out.uint64(AGGREGATION_TEMPORALITY, temporality);
        out.bool(SUM_IS_MONOTONIC, metric.instrument() == OtelMetric.Instrument.COUNTER);
    }
  }

  @Override
  void longPoint(
      String key1, Object value1, String key2, Object value2, long start, long time, long value) {
    beginNumberPoint(key1, value1, key2, value2, start, time);
    out.fixed64(NUMBER_AS_INT, value);
    out.endMessage();
  }

  @Override
  void doublePoint(
      String key1, Object value1, String key2, Object value2, long start, long time, double value) {
    beginNumberPoint(key1, value1, key2, value2, start, time);
    out.double64(NUMBER_AS_DOUBLE, value);
    out.endMessage();
  }

  private void beginNumberPoint(
      String key1, Object value1, String key2, Object value2, long start, long time) {
    out.beginMessage(DATA_POINTS);
    attribute(NUMBER_ATTRIBUTES, key1, value1);
    attribute(NUMBER_ATTRIBUTES, key2, value2);
    if (start != 0) {
      out.fixed64(NUMBER_START_TIME, start);
    }
    out.fixed64(NUMBER_TIME, time);
  }

  @Override
  void histogramPoint(
      String key1,
      Object value1,
      String key2,
      Object value2,
      long start,
      long time,
      long count,
      double sum,
      long[] buckets,
      double[] bounds) {
    out.beginMessage(DATA_POINTS);
    attribute(HISTOGRAM_ATTRIBUTES, key1, value1);
    attribute(HISTOGRAM_ATTRIBUTES, key2, value2);
    out.fixed64(HISTOGRAM_START_TIME, start);
    out.fixed64(HISTOGRAM_TIME, time);
    out.fixed64(HISTOGRAM_COUNT, count);
    out.double64(HISTOGRAM_SUM, sum);
    out.packedFixed64(HISTOGRAM_BUCKET_COUNTS, buckets, bounds.length + 1);
    out.packedDouble(HISTOGRAM_EXPLICIT_BOUNDS, bounds);
    out.endMessage();
  }

  @Override
  void endMetric() {
    out.endMessage(); // the Gauge, Sum or Histogram
    out.endMessage(); // the Metric
  }

  @Override
  void end() {
    out.endMessage(); // ScopeMetrics
    out.endMessage(); // ResourceMetrics
  }

  private void attribute(int field, String key, Object value) {
    if (key == null) {
      return;
    }
    out.beginMessage(field);
    out.string(KEY, key);
    out.beginMessage(VALUE);
    if (value instanceof Boolean) {
      out.bool(BOOL_VALUE, (Boolean) value);
    } else {
      out.string(STRING_VALUE, String.valueOf(value));
    }
    out.endMessage();
    out.endMessage();
  }

  @Override
  public byte[] bytes() {
    return out.bytes();
  }

  @Override
  public int length() {
    return out.length();
  }
}
