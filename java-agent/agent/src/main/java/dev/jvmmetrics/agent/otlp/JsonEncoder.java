package dev.jvmmetrics.agent.otlp;

import dev.jvmmetrics.agent.metrics.OtelMetric;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * OTLP/HTTP JSON ({@code application/json}): the protobuf JSON mapping with OTLP's own rules, field
 * names in lowerCamelCase, enums as their numbers, 64-bit integers as decimal strings (JSON numbers
 * lose precision above 2^53 in many readers), doubles as JSON numbers.
 */
final class JsonEncoder extends ExportEncoder {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private byte[] bytes = new byte[16384];
  private int length;

  @Override
  void begin(Map<String, String> resource, String scopeName, String scopeVersion) {
    length = 0;
    raw("{\"resourceMetrics\":[{\"resource\":{\"attributes\":[");
    boolean first = true;
    for (Map.Entry<String, String> attribute : resource.entrySet()) {
      first = attribute(first, attribute.getKey(), attribute.getValue());
    }
    raw("]},\"scopeMetrics\":[{\"scope\":{\"name\":");
    string(scopeName);
    if (scopeVersion != null) {
      raw(",\"version\":");
      string(scopeVersion);
    }
    raw("},\"metrics\":[");
  }

  @Override
  void beginMetric(OtelMetric metric, int temporality) {
    comma('[');
    raw("{\"name\":");
    string(metric.otel());
    raw(",\"description\":");
    string(metric.description());
    raw(",\"unit\":");
    string(metric.unit());
    switch (metric.instrument()) {
      case GAUGE:
        raw(",\"gauge\":{\"dataPoints\":[");
        break;
      case HISTOGRAM:
        raw(",\"histogram\":{\"aggregationTemporality\":" + temporality + ",\"dataPoints\":[");
        break;
      default:
        raw(",\"sum\":{\"aggregationTemporality\":" + temporality);
        raw(",\"isMonotonic\":" + (metric.instrument() == OtelMetric.Instrument.COUNTER));
        raw(",\"dataPoints\":[");
    }
  }

  @Override
  void longPoint(
      String key1, Object value1, String key2, Object value2, long start, long time, long value) {
    beginPoint(key1, value1, key2, value2, start, time);
    raw(",\"asInt\":\"" + value + "\"}");
  }

  @Override
  void doublePoint(
      String key1, Object value1, String key2, Object value2, long start, long time, double value) {
    beginPoint(key1, value1, key2, value2, start, time);
    raw(",\"asDouble\":" + value + "}");
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
    beginPoint(key1, value1, key2, value2, start, time);
    raw(",\"count\":\"" + count + "\",\"sum\":" + sum + ",\"bucketCounts\":[");
    for (int i = 0; i <= bounds.length; i++) {
      raw((i == 0 ? "\"" : ",\"") + buckets[i] + "\"");
    }
    raw("],\"explicitBounds\":[");
    for (int i = 0; i < bounds.length; i++) {
      raw((i == 0 ? "" : ",") + bounds[i]);
    }
    raw("]}");
  }

  private void beginPoint(
      String key1, Object value1, String key2, Object value2, long start, long time) {
    comma('[');
    raw("{\"attributes\":[");
    boolean first = attribute(true, key1, value1);
    attribute(first, key2, value2);
    raw("]");
    if (start != 0) {
      raw(",\"startTimeUnixNano\":\"" + start + "\"");
    }
    raw(",\"timeUnixNano\":\"" + time + "\"");
  }

  @Override
  void endMetric() {
    raw("]}}");
  }

  @Override
  void end() {
    raw("]}]}]}");
  }

  /** Writes one KeyValue unless {@code key} is null; returns whether the list is still empty. */
  private boolean attribute(boolean first, String key, Object value) {
    if (key == null) {
      return first;
    }
    raw(first ? "{\"key\":" : ",{\"key\":");
    string(key);
    if (value instanceof Boolean) {
      raw(",\"value\":{\"boolValue\":" + value + "}}");
    } else {
      raw(",\"value\":{\"stringValue\":");
      string(String.valueOf(value));
      raw("}}");
    }
    return false;
  }

  /** A comma unless the last byte opened the list. */
  private void comma(char open) {
    if (length > 0 && bytes[length - 1] != open) {
      raw(",");
    }
  }

  /** A JSON string: UTF-8, with quotes, backslashes and control characters escaped. */
  private void string(String value) {
    StringBuilder escaped = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        escaped.append('\\').append(c);
      } else if (c < 0x20) {
        escaped.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
      } else {
        escaped.append(c);
      }
    }
    raw(escaped.append('"').toString());
  }

  private void raw(String text) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    if (length + utf8.length > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + utf8.length));
    }
    System.arraycopy(utf8, 0, bytes, length, utf8.length);
    length += utf8.length;
  }

  @Override
  public byte[] bytes() {
    return bytes;
  }

  @Override
  public int length() {
    return length;
  }
}
