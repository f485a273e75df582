package dev.jvmmetrics.agent.otlp;

import dev.jvmmetrics.agent.metrics.OtelMetric;
import dev.jvmmetrics.agent.report.JsonNumbers;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * OTLP/HTTP JSON ({@code application/json}): the protobuf JSON mapping with OTLP's own rules, field
 * names in lowerCamelCase, enums as their numbers, 64-bit integers as decimal strings (JSON numbers
 * lose precision above 2^53 in many readers), doubles as JSON numbers. The fixed text is kept as
 * bytes and numbers are written digit by digit ({@link JsonNumbers}), so an export builds no {@code
 * String}.
 */
final class JsonEncoder extends ExportEncoder {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private static final byte[] GAUGE = ascii(",\"gauge\":{\"dataPoints\":[");
  private static final byte[] HISTOGRAM = ascii(",\"histogram\":{\"aggregationTemporality\":");
  private static final byte[] SUM = ascii(",\"sum\":{\"aggregationTemporality\":");
  private static final byte[] MONOTONIC = ascii(",\"isMonotonic\":true");
  private static final byte[] NOT_MONOTONIC = ascii(",\"isMonotonic\":false");
  private static final byte[] DATA_POINTS = ascii(",\"dataPoints\":[");
  private static final byte[] ATTRIBUTES = ascii("{\"attributes\":[");
  private static final byte[] START_TIME = ascii(",\"startTimeUnixNano\":\"");
  private static final byte[] TIME = ascii(",\"timeUnixNano\":\"");
  private static final byte[] AS_INT = ascii(",\"asInt\":\"");
  private static final byte[] AS_DOUBLE = ascii(",\"asDouble\":");
  private static final byte[] COUNT = ascii(",\"count\":\"");
  private static final byte[] SUM_FIELD = ascii("\",\"sum\":");
  private static final byte[] BUCKET_COUNTS = ascii(",\"bucketCounts\":[");
  private static final byte[] EXPLICIT_BOUNDS = ascii("],\"explicitBounds\":[");
  private static final byte[] END_METRIC = ascii("]}}");
  private static final byte[] END = ascii("]}]}]}");

  private byte[] bytes = new byte[16384];
  private int length;

  /** Everything before the first metric: the resource, the scope, {@code "metrics":[}. */
  private final byte[] head;

  /** By {@link OtelMetric#ordinal()}: {@code {"name":…,"description":…,"unit":…}, or null. */
  private final byte[][] headers = new byte[OtelMetric.values().length][];

  static ExportEncoder of(Map<String, String> resource, String scopeName, String scopeVersion) {
    return new JsonEncoder(resource, scopeName, scopeVersion);
  }

  JsonEncoder(Map<String, String> resource, String scopeName, String scopeVersion) {
    StringBuilder text = new StringBuilder("{\"resourceMetrics\":[{\"resource\":{\"attributes\":[");
    boolean first = true;
    for (Map.Entry<String, String> attribute : resource.entrySet()) {
      text.append(first ? "" : ",");
      keyValue(text, attribute.getKey()).append("{\"stringValue\":");
      string(text, attribute.getValue()).append("}}");
      first = false;
    }
    text.append("]},\"scopeMetrics\":[{\"scope\":{\"name\":");
    string(text, scopeName);
    if (scopeVersion != null) {
      string(text.append(",\"version\":"), scopeVersion);
    }
    head = utf8(text.append("},\"metrics\":["));
  }

  @Override
  void begin() {
    length = 0;
    raw(head);
  }

  @Override
  byte[] attribute(String key, String value) {
    StringBuilder text = keyValue(new StringBuilder(), key).append("{\"stringValue\":");
    return utf8(string(text, value).append("}}"));
  }

  @Override
  byte[] attribute(String key, boolean value) {
    StringBuilder text = keyValue(new StringBuilder(), key);
    return utf8(text.append("{\"boolValue\":").append(value).append("}}"));
  }

  /** {@code {"key":…,"value":} */
  private static StringBuilder keyValue(StringBuilder text, String key) {
    return string(text.append("{\"key\":"), key).append(",\"value\":");
  }

  @Override
  void beginMetric(OtelMetric metric, int temporality) {
    comma('[');
    raw(header(metric));
    // No switch on the enum: that would load a synthetic class for its table.
    OtelMetric.Instrument instrument = metric.instrument();
    if (instrument == OtelMetric.Instrument.GAUGE) {
      raw(GAUGE);
      return;
    }
    raw(instrument == OtelMetric.Instrument.HISTOGRAM ? HISTOGRAM : SUM);
    decimal(temporality);
    if (instrument != OtelMetric.Instrument.HISTOGRAM) {
      raw(instrument == OtelMetric.Instrument.COUNTER ? MONOTONIC : NOT_MONOTONIC);
    }
    raw(DATA_POINTS);
  }

  /** Encoded at the metric's first export, reused by every one after. */
  private byte[] header(OtelMetric metric) {
    byte[] header = headers[metric.ordinal()];
    if (header == null) {
      StringBuilder text = string(new StringBuilder("{\"name\":"), metric.otel());
      string(text.append(",\"description\":"), metric.description());
      header = utf8(string(text.append(",\"unit\":"), metric.unit()));
      headers[metric.ordinal()] = header;
    }
    return header;
  }

  @Override
  void longPoint(byte[] attribute1, byte[] attribute2, long start, long time, long value) {
    beginPoint(attribute1, attribute2, start, time);
    raw(AS_INT);
    decimal(value);
    raw('"');
    raw('}');
  }

  @Override
  void doublePoint(byte[] attribute1, byte[] attribute2, long start, long time, double value) {
    beginPoint(attribute1, attribute2, start, time);
    raw(AS_DOUBLE);
    number(value);
    raw('}');
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
    beginPoint(attribute1, attribute2, start, time);
    raw(COUNT);
    decimal(count);
    raw(SUM_FIELD);
    number(sum);
    raw(BUCKET_COUNTS);
    for (int i = 0; i <= bounds.length; i++) {
      if (i > 0) {
        raw(',');
      }
      raw('"');
      decimal(buckets[from + i]);
      raw('"');
    }
    raw(EXPLICIT_BOUNDS);
    for (int i = 0; i < bounds.length; i++) {
      if (i > 0) {
        raw(',');
      }
      number(bounds[i]);
    }
    raw(']');
    raw('}');
  }

  private void beginPoint(byte[] attribute1, byte[] attribute2, long start, long time) {
    comma('[');
    raw(ATTRIBUTES);
    if (attribute1 != null) {
      raw(attribute1);
    }
    if (attribute2 != null) {
      if (attribute1 != null) {
        raw(',');
      }
      raw(attribute2);
    }
    raw(']');
    if (start != 0) {
      raw(START_TIME);
      decimal(start);
      raw('"');
    }
    raw(TIME);
    decimal(time);
    raw('"');
  }

  @Override
  void endMetric() {
    raw(END_METRIC);
  }

  @Override
  void end() {
    raw(END);
  }

  /** A comma unless the last byte opened the list. */
  private void comma(char open) {
    if (length > 0 && bytes[length - 1] != open) {
      raw(',');
    }
  }

  /** A JSON string: with quotes, backslashes and control characters escaped. */
  private static StringBuilder string(StringBuilder text, String value) {
    text.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        text.append('\\').append(c);
      } else if (c < 0x20) {
        text.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
      } else {
        text.append(c);
      }
    }
    return text.append('"');
  }

  private static byte[] utf8(CharSequence text) {
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private void decimal(long value) {
    ensure(JsonNumbers.MAX_LONG_LENGTH);
    length = JsonNumbers.decimal(bytes, length, value);
  }

  private void number(double value) {
    ensure(JsonNumbers.MAX_DOUBLE_LENGTH);
    length = JsonNumbers.number(bytes, length, value);
  }

  private void raw(char ascii) {
    ensure(1);
    bytes[length++] = (byte) ascii;
  }

  private void raw(byte[] text) {
    ensure(text.length);
    System.arraycopy(text, 0, bytes, length, text.length);
    length += text.length;
  }

  private void ensure(int more) {
    if (length + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
    }
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
