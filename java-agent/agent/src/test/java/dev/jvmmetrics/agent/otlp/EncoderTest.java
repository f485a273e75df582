package dev.jvmmetrics.agent.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmmetrics.agent.metrics.OtelMetric;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Both encoders driven by the same calls: the official classes read every field back as written,
 * and the protobuf and JSON bodies decode to the same message.
 */
class EncoderTest {
  private static final long START = 1_700_000_000_000_000_000L;
  private static final long TIME = START + 60_000_000_000L;

  private static Map<String, String> resource() {
    Map<String, String> resource = new LinkedHashMap<>();
    resource.put("service.name", "my-app");
    resource.put("heroku.app.id", "quote \" backslash \\ tab \t é ☃ 𝄞");
    // Long enough that every enclosing message needs a length of two or more varint bytes.
    resource.put("long", new String(new char[300]).replace('\0', 'x'));
    return resource;
  }

  private static void script(ExportEncoder out) {
    out.begin();
    out.beginMetric(OtelMetric.JVM_MEMORY_USED, ExportEncoder.CUMULATIVE);
    byte[] heap = out.attribute("jvm.memory.type", "heap");
    out.longPoint(heap, out.attribute("jvm.memory.pool.name", "G1 Eden Space"), START, TIME, 42);
    byte[] nonHeap = out.attribute("jvm.memory.type", "non_heap");
    out.longPoint(nonHeap, out.attribute("jvm.memory.pool.name", "Metaspace"), START, TIME, -1);
    out.endMetric();
    out.beginMetric(OtelMetric.JVM_THREAD_COUNT, ExportEncoder.CUMULATIVE);
    out.longPoint(out.attribute("jvm.thread.daemon", true), null, START, TIME, 7);
    out.longPoint(out.attribute("jvm.thread.daemon", false), null, START, TIME, Long.MAX_VALUE);
    out.endMetric();
    out.beginMetric(OtelMetric.JVM_CPU_TIME, ExportEncoder.DELTA);
    out.doublePoint(null, null, START, TIME, 1.25e-7);
    out.endMetric();
    out.beginMetric(OtelMetric.JVM_CPU_RECENT_UTILIZATION, ExportEncoder.CUMULATIVE);
    out.doublePoint(null, null, 0, TIME, 0.5);
    out.endMetric();
    out.beginMetric(OtelMetric.JVM_GC_DURATION, ExportEncoder.DELTA);
    out.histogramPoint(
        out.attribute("jvm.gc.action", "end of minor GC"),
        out.attribute("jvm.gc.name", "G1 Young Generation"),
        START,
        TIME,
        6,
        0.125,
        new long[] {6, 125, 3, 2, 1, 0, 0},
        2,
        GcDurations.BOUNDS);
    out.endMetric();
    out.end();
  }

  private static ExportMetricsServiceRequest protobuf() throws Exception {
    ProtobufEncoder encoder = new ProtobufEncoder(resource(), "dev.jvmmetrics.agent", "1.2.3");
    script(encoder);
    return OtlpDecoding.protobuf(encoder);
  }

  @Test
  void theOfficialClassesReadBackEveryFieldWritten() throws Exception {
    ExportMetricsServiceRequest request = protobuf();
    assertEquals(
        "quote \" backslash \\ tab \t é ☃ 𝄞",
        OtlpDecoding.attribute(
                request.getResourceMetrics(0).getResource().getAttributesList(), "heroku.app.id")
            .getStringValue());
    assertEquals(
        "dev.jvmmetrics.agent",
        request.getResourceMetrics(0).getScopeMetrics(0).getScope().getName());
    assertEquals("1.2.3", request.getResourceMetrics(0).getScopeMetrics(0).getScope().getVersion());

    Metric memory = OtlpDecoding.metric(request, "jvm.memory.used");
    assertEquals("By", memory.getUnit());
    assertTrue(memory.hasSum());
    assertFalse(memory.getSum().getIsMonotonic());
    assertEquals(
        AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE,
        memory.getSum().getAggregationTemporality());
    NumberDataPoint eden = memory.getSum().getDataPoints(0);
    assertEquals(42, eden.getAsInt());
    assertEquals(START, eden.getStartTimeUnixNano());
    assertEquals(TIME, eden.getTimeUnixNano());
    assertEquals(
        "heap",
        OtlpDecoding.attribute(eden.getAttributesList(), "jvm.memory.type").getStringValue());
    assertEquals(
        "G1 Eden Space",
        OtlpDecoding.attribute(eden.getAttributesList(), "jvm.memory.pool.name").getStringValue());
    assertEquals(-1, memory.getSum().getDataPoints(1).getAsInt());

    Metric threads = OtlpDecoding.metric(request, "jvm.thread.count");
    assertTrue(
        OtlpDecoding.attribute(
                threads.getSum().getDataPoints(0).getAttributesList(), "jvm.thread.daemon")
            .getBoolValue());
    assertEquals(Long.MAX_VALUE, threads.getSum().getDataPoints(1).getAsInt());

    Metric cpu = OtlpDecoding.metric(request, "jvm.cpu.time");
    assertTrue(cpu.getSum().getIsMonotonic());
    assertEquals(
        AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA,
        cpu.getSum().getAggregationTemporality());
    assertEquals(1.25e-7, cpu.getSum().getDataPoints(0).getAsDouble());

    Metric utilization = OtlpDecoding.metric(request, "jvm.cpu.recent_utilization");
    assertTrue(utilization.hasGauge());
    assertEquals(0, utilization.getGauge().getDataPoints(0).getStartTimeUnixNano());

    Metric gc = OtlpDecoding.metric(request, "jvm.gc.duration");
    assertEquals("s", gc.getUnit());
    HistogramDataPoint point = gc.getHistogram().getDataPoints(0);
    assertEquals(6, point.getCount());
    assertEquals(0.125, point.getSum());
    assertEquals(java.util.Arrays.asList(3L, 2L, 1L, 0L, 0L), point.getBucketCountsList());
    assertEquals(java.util.Arrays.asList(0.01, 0.1, 1.0, 10.0), point.getExplicitBoundsList());
    assertEquals(
        "end of minor GC",
        OtlpDecoding.attribute(point.getAttributesList(), "jvm.gc.action").getStringValue());
  }

  @Test
  void jsonDecodesToTheSameMessageAsProtobuf() throws Exception {
    JsonEncoder json = new JsonEncoder(resource(), "dev.jvmmetrics.agent", "1.2.3");
    script(json);
    assertEquals(protobuf(), OtlpDecoding.json(json));
  }

  @Test
  void aReusedEncoderWritesTheSameBytesAgain() throws Exception {
    ProtobufEncoder encoder = new ProtobufEncoder(resource(), "dev.jvmmetrics.agent", "1.2.3");
    script(encoder);
    byte[] first = java.util.Arrays.copyOf(encoder.bytes(), encoder.length());
    script(encoder);
    assertEquals(
        java.util.Arrays.toString(first),
        java.util.Arrays.toString(java.util.Arrays.copyOf(encoder.bytes(), encoder.length())));
  }
}
