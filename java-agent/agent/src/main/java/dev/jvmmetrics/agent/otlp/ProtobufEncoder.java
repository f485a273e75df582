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

  private final ProtoBuffer out = new ProtoBuffer(8192);

  /** The {@code ResourceMetrics.resource} field, encoded once. */
  private final byte[] resource;

  /** The {@code InstrumentationScope}'s fields, encoded once. */
  private final byte[] scopeFields;

  /** By {@link OtelMetric#ordinal()}: the metric's name, description and unit fields, or null. */
  private final byte[][] headers = new byte[OtelMetric.values().length][];

  static ExportEncoder of(Map<String, String> resource, String scopeName, String scopeVersion) {
    return new ProtobufEncoder(resource, scopeName, scopeVersion);
  }

  ProtobufEncoder(Map<String, String> resource, String scopeName, String scopeVersion) {
    ProtoBuffer head = new ProtoBuffer(512);
    head.beginMessage(RESOURCE_METRICS_RESOURCE);
    for (Map.Entry<String, String> attribute : resource.entrySet()) {
      head.bytes(RESOURCE_ATTRIBUTES, attribute(attribute.getKey(), attribute.getValue()));
    }
    head.endMessage();
    this.resource = head.toByteArray();
    ProtoBuffer scope = new ProtoBuffer(64);
    scope.string(SCOPE_NAME, scopeName);
    if (scopeVersion != null) {
      scope.string(SCOPE_VERSION, scopeVersion);
    }
    scopeFields = scope.toByteArray();
  }

  @Override
  void begin() {
    out.clear();
    out.beginMessage(REQUEST_RESOURCE_METRICS);
    out.raw(resource);
    out.beginMessage(RESOURCE_METRICS_SCOPE_METRICS);
    out.bytes(SCOPE_METRICS_SCOPE, scopeFields);
  }

  @Override
  byte[] attribute(String key, String value) {
    ProtoBuffer anyValue = new ProtoBuffer(value.length() * 3 + 8);
    anyValue.string(STRING_VALUE, value);
    return keyValue(key, anyValue);
  }

  @Override
  byte[] attribute(String key, boolean value) {
    ProtoBuffer anyValue = new ProtoBuffer(8);
    anyValue.bool(BOOL_VALUE, value);
    return keyValue(key, anyValue);
  }

  /** A {@code KeyValue} message's fields. */
  private static byte[] keyValue(String key, ProtoBuffer anyValue) {
    ProtoBuffer keyValue = new ProtoBuffer(key.length() * 3 + anyValue.length() + 16);
    keyValue.string(KEY, key);
    keyValue.bytes(VALUE, anyValue.toByteArray());
    return keyValue.toByteArray();
  }

  @Override
  void beginMetric(OtelMetric metric, int temporality) {
    out.beginMessage(SCOPE_METRICS_METRICS);
    out.raw(header(metric));
    // No switch on the enum: that would load a synthetic class for its table.
    OtelMetric.Instrument instrument = metric.instrument();
    if (instrument == OtelMetric.Instrument.GAUGE) {
      out.beginMessage(METRIC_GAUGE);
    } else if (instrument == OtelMetric.Instrument.HISTOGRAM) {
      out.beginMessage(METRIC_HISTOGRAM);
      out.uint64(AGGREGATION_TEMPORALITY, temporality);
    } else {
      out.beginMessage(METRIC_SUM);
      out.uint64(AGGREGATION_TEMPORALITY, temporality);
      out.bool(SUM_IS_MONOTONIC, instrument == OtelMetric.Instrument.COUNTER);
    }
  }

  /** Encoded at the metric's first export, reused by every one after. */
  private byte[] header(OtelMetric metric) {
    byte[] header = headers[metric.ordinal()];
    if (header == null) {
      ProtoBuffer fields = new ProtoBuffer(256);
      fields.string(METRIC_NAME, metric.otel());
      fields.string(METRIC_DESCRIPTION, metric.description());
      fields.string(METRIC_UNIT, metric.unit());
      header = fields.toByteArray();
      headers[metric.ordinal()] = header;
    }
    return header;
  }

  @Override
  void longPoint(byte[] attribute1, byte[] attribute2, long start, long time, long value) {
    beginNumberPoint(attribute1, attribute2, start, time);
    out.fixed64(NUMBER_AS_INT, value);
    out.endMessage();
  }

  @Override
  void doublePoint(byte[] attribute1, byte[] attribute2, long start, long time, double value) {
    beginNumberPoint(attribute1, attribute2, start, time);
    out.double64(NUMBER_AS_DOUBLE, value);
    out.endMessage();
  }

  private void beginNumberPoint(byte[] attribute1, byte[] attribute2, long start, long time) {
    out.beginMessage(DATA_POINTS);
    attributes(NUMBER_ATTRIBUTES, attribute1, attribute2);
    if (start != 0) {
      out.fixed64(NUMBER_START_TIME, start);
    }
    out.fixed64(NUMBER_TIME, time);
  }

  @Override
  void histogramPoint(
      byte[] attribute1,
      byte[] attribute2,
      long start,
      long time,
      long count,
      double sum,
      long[] buckets,
      int from,
      double[] bounds) {
    out.beginMessage(DATA_POINTS);
    attributes(HISTOGRAM_ATTRIBUTES, attribute1, attribute2);
    out.fixed64(HISTOGRAM_START_TIME, start);
    out.fixed64(HISTOGRAM_TIME, time);
    out.fixed64(HISTOGRAM_COUNT, count);
    out.double64(HISTOGRAM_SUM, sum);
    out.packedFixed64(HISTOGRAM_BUCKET_COUNTS, buckets, from, bounds.length + 1);
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

  private void attributes(int field, byte[] attribute1, byte[] attribute2) {
    if (attribute1 != null) {
      out.bytes(field, attribute1);
    }
    if (attribute2 != null) {
      out.bytes(field, attribute2);
    }
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
