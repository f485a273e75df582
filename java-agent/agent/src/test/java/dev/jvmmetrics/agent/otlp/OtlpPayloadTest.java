package dev.jvmmetrics.agent.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmmetrics.agent.metrics.OtelMetric;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The payload on this very JVM, decoded with the official OTLP classes. */
class OtlpPayloadTest {
  private static final String[] STABLE = {
    "jvm.memory.used",
    "jvm.memory.committed",
    "jvm.memory.limit",
    "jvm.memory.used_after_last_gc",
    "jvm.thread.count",
    "jvm.class.loaded",
    "jvm.class.unloaded",
    "jvm.class.count",
    "jvm.cpu.time",
    "jvm.cpu.count",
  };

  private final List<OtlpPayload> payloads = new ArrayList<>();

  @AfterEach
  void close() {
    for (OtlpPayload payload : payloads) {
      payload.close();
    }
  }

  private OtlpPayload payload(boolean json, boolean delta) {
    OtlpPayload.Options options = new OtlpPayload.Options();
    options.json = json;
    options.delta = delta;
    options.resourceAttributes = OtlpPayload.resource(System.getenv());
    OtlpPayload payload = new OtlpPayload(options);
    payloads.add(payload);
    return payload;
  }

  private static ExportMetricsServiceRequest export(OtlpPayload payload, long millis)
      throws Exception {
    return OtlpDecoding.protobuf(payload.write(millis));
  }

  @Test
  void everyStableSeriesIsThereAsTheConventionsDefineIt() throws Exception {
    OtlpPayload payload = payload(false, false);
    assertEquals("application/x-protobuf", payload.contentType());
    ExportMetricsServiceRequest request = export(payload, System.currentTimeMillis());
    for (String name : STABLE) {
      Metric metric = OtlpDecoding.metric(request, name);
      assertNotNull(metric, name);
      OtelMetric entry = catalogued(name);
      assertEquals(entry.unit(), metric.getUnit(), name);
      boolean counter = entry.instrument() == OtelMetric.Instrument.COUNTER;
      assertTrue(metric.hasSum(), name + " is a Sum");
      assertEquals(counter, metric.getSum().getIsMonotonic(), name);
      assertEquals(
          AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE,
          metric.getSum().getAggregationTemporality(),
          name);
    }
    Set<String> types = new HashSet<>();
    long heapUsed = 0;
    for (NumberDataPoint point :
        OtlpDecoding.metric(request, "jvm.memory.used").getSum().getDataPointsList()) {
      String type =
          OtlpDecoding.attribute(point.getAttributesList(), "jvm.memory.type").getStringValue();
      types.add(type);
      assertFalse(
          OtlpDecoding.attribute(point.getAttributesList(), "jvm.memory.pool.name")
              .getStringValue()
              .isEmpty());
      if (type.equals("heap")) {
        heapUsed += point.getAsInt();
      }
    }
    assertEquals(new HashSet<>(java.util.Arrays.asList("heap", "non_heap")), types);
    assertTrue(heapUsed > 0);

    List<NumberDataPoint> threads =
        OtlpDecoding.metric(request, "jvm.thread.count").getSum().getDataPointsList();
    assertEquals(2, threads.size());
    assertTrue(
        OtlpDecoding.attribute(threads.get(0).getAttributesList(), "jvm.thread.daemon")
            .hasBoolValue());
    NumberDataPoint daemon = threads.get(0);
    NumberDataPoint other = threads.get(1);
    assertTrue(
        OtlpDecoding.attribute(daemon.getAttributesList(), "jvm.thread.daemon").getBoolValue());
    assertFalse(
        OtlpDecoding.attribute(other.getAttributesList(), "jvm.thread.daemon").getBoolValue());
    // This test's own thread is not a daemon; the JVM's reference handler is.
    assertTrue(daemon.getAsInt() >= 1 && other.getAsInt() >= 1, threads.toString());
    assertEquals(
        Runtime.getRuntime().availableProcessors(),
        OtlpDecoding.metric(request, "jvm.cpu.count").getSum().getDataPoints(0).getAsInt());
    assertTrue(
        OtlpDecoding.metric(request, "jvm.cpu.time").getSum().getDataPoints(0).getAsDouble() > 0);
  }

  @Test
  void everySeriesSentIsInTheCatalogueWithItsUnit() throws Exception {
    ExportMetricsServiceRequest request = export(payload(false, false), System.currentTimeMillis());
    Set<String> names = new HashSet<>();
    for (Metric metric : OtlpDecoding.metrics(request)) {
      assertTrue(names.add(metric.getName()), metric.getName() + " sent twice");
      assertEquals(catalogued(metric.getName()).unit(), metric.getUnit(), metric.getName());
    }
    assertTrue(names.contains("jvmmetrics.gc.pause.count"), names.toString());
    assertTrue(names.contains("jvm.buffer.memory.used"), names.toString());
  }

  @Test
  void gcDurationIsAHistogramWithTheAdvisedBucketsPerCollectorAndAction() throws Exception {
    OtlpPayload payload = payload(false, false);
    Metric gc = null;
    // GC notifications arrive on their own thread: wait for the first, however busy the machine
    // (bounded by collections asked for, not by time).
    for (int i = 0; gc == null && i < 1000; i++) {
      System.gc();
      gc = OtlpDecoding.metric(export(payload, System.currentTimeMillis()), "jvm.gc.duration");
    }
    assertNotNull(gc, "no jvm.gc.duration after 1000 System.gc() calls");
    assertEquals("s", gc.getUnit());
    assertTrue(gc.hasHistogram());
    for (HistogramDataPoint point : gc.getHistogram().getDataPointsList()) {
      assertEquals(java.util.Arrays.asList(0.01, 0.1, 1.0, 10.0), point.getExplicitBoundsList());
      long inBuckets = 0;
      for (long bucket : point.getBucketCountsList()) {
        inBuckets += bucket;
      }
      assertEquals(point.getCount(), inBuckets);
      assertNotNull(OtlpDecoding.attribute(point.getAttributesList(), "jvm.gc.name"));
      assertNotNull(OtlpDecoding.attribute(point.getAttributesList(), "jvm.gc.action"));
    }
  }

  @Test
  void deltaCountsFromTheLastCommittedExportSoNothingIsLostOrSentTwice() throws Exception {
    OtlpPayload payload = payload(false, true);
    long t1 = System.currentTimeMillis();
    long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime() * 1_000_000L;
    NumberDataPoint first = classesLoaded(export(payload, t1));
    assertEquals(jvmStart, first.getStartTimeUnixNano(), "the first delta counts from JVM start");
    long total1 = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
    assertTrue(first.getAsInt() > 0 && first.getAsInt() <= total1);
    payload.commit();

    // Not delivered: the next export still counts from t1.
    NumberDataPoint lost = classesLoaded(export(payload, t1 + 1000));
    assertEquals(t1 * 1_000_000L, lost.getStartTimeUnixNano());
    new LoadMe(); // at least one class more
    NumberDataPoint second = classesLoaded(export(payload, t1 + 2000));
    assertEquals(t1 * 1_000_000L, second.getStartTimeUnixNano());
    long total2 = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
    assertTrue(second.getAsInt() >= 1 && first.getAsInt() + second.getAsInt() <= total2);
    payload.commit();
    long before = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
    NumberDataPoint third = classesLoaded(export(payload, t1 + 3000));
    long after = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
    assertEquals((t1 + 2000) * 1_000_000L, third.getStartTimeUnixNano());
    // The three delivered deltas add up to the JVM's total when the third was read.
    long sum = first.getAsInt() + second.getAsInt() + third.getAsInt();
    assertTrue(before <= sum && sum <= after, before + " <= " + sum + " <= " + after);
  }

  private static final class LoadMe {}

  @Test
  void recentUtilizationIsTheProcessCpuShareSinceTheLastExport() throws Exception {
    OtlpPayload payload = payload(false, false);
    double first = recentUtilization(export(payload, System.currentTimeMillis()));
    // Since the JVM's start: this test JVM has used some CPU.
    assertTrue(first > 0 && first <= 1, "first export: " + first);
    long start = System.nanoTime();
    long threadCpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    long spin = 0;
    while (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - threadCpu < 200e6) {
      spin++;
    }
    threadCpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - threadCpu;
    double second = recentUtilization(export(payload, System.currentTimeMillis()));
    long elapsed = System.nanoTime() - start;
    // The process used at least this thread's CPU, within at most this much time.
    double atLeast = threadCpu / ((double) elapsed * Runtime.getRuntime().availableProcessors());
    assertTrue(
        second >= atLeast * 0.99 && second <= 1, second + " >= " + atLeast + " (" + spin + ")");
  }

  private static double recentUtilization(ExportMetricsServiceRequest request) {
    Metric metric = OtlpDecoding.metric(request, "jvm.cpu.recent_utilization");
    assertNotNull(metric);
    assertTrue(metric.hasGauge());
    return metric.getGauge().getDataPoints(0).getAsDouble();
  }

  @Test
  void jsonCarriesTheSameSeries() throws Exception {
    OtlpPayload payload = payload(true, false);
    assertEquals("application/json", payload.contentType());
    ExportMetricsServiceRequest request =
        OtlpDecoding.json(payload.write(System.currentTimeMillis()));
    for (String name : STABLE) {
      assertNotNull(OtlpDecoding.metric(request, name), name);
    }
  }

  private static NumberDataPoint classesLoaded(ExportMetricsServiceRequest request) {
    Metric metric = OtlpDecoding.metric(request, "jvm.class.loaded");
    assertEquals(
        AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA,
        metric.getSum().getAggregationTemporality());
    return metric.getSum().getDataPoints(0);
  }

  private static OtelMetric catalogued(String name) {
    for (OtelMetric metric : OtelMetric.values()) {
      if (metric.otel().equals(name)) {
        return metric;
      }
    }
    throw new AssertionError(name + " is not in the catalogue OtelMetric");
  }
}
