package dev.jvmmetrics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmmetrics.fixtures.FaultApp;
import dev.jvmmetrics.testing.AgentJvm;
import dev.jvmmetrics.testing.Answer;
import dev.jvmmetrics.testing.Counts;
import dev.jvmmetrics.testing.LoopbackEndpoint;
import dev.jvmmetrics.testing.LoopbackEndpoint.Request;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The OTLP destination in a real JVM with the built agent, against loopback receivers: what it
 * sends (decoded with the official OTLP classes), and the delivery machinery it shares with the
 * Heroku destination: two schedules on the one thread, neither able to stall or starve the other, a
 * bad {@code OTEL_*} value that leaves Heroku alone, and the OpenTelemetry Java agent's presence.
 */
class OtlpDeliveryIT {
  private static final long WAIT_MILLIS = 120_000;

  @TempDir Path tmp;

  /** Starts FaultApp, which runs until {@link #trigger} exists. */
  private AgentJvm.Running start(AgentJvm jvm) throws IOException {
    return jvm.jvmOption("-Djava.io.tmpdir=" + tmp)
        .start(FaultApp.class, "5", tmp.resolve("trigger").toString(), "600000", "0");
  }

  private AgentJvm.Result stop(AgentJvm.Running running) throws Exception {
    Files.createFile(tmp.resolve("trigger"));
    return running.await(120);
  }

  private static void await(LoopbackEndpoint endpoint, int requests) throws Exception {
    assertTrue(
        endpoint.await(list -> list.size() >= requests, WAIT_MILLIS),
        "fewer than " + requests + " requests: " + endpoint.requests());
  }

  private static List<String> agentLines(AgentJvm.Result result) {
    return FaultSuiteIT.lines(result.stderr, "");
  }

  static ExportMetricsServiceRequest decode(Request request) throws IOException {
    byte[] bytes = request.bytes;
    if ("gzip".equals(request.headers.get("content-encoding"))) {
      try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
        bytes = in.readAllBytes();
      }
    }
    ExportMetricsServiceRequest export = ExportMetricsServiceRequest.parseFrom(bytes);
    assertTrue(export.getUnknownFields().asMap().isEmpty(), export.toString());
    return export;
  }

  private static Set<String> metricNames(ExportMetricsServiceRequest export) {
    Set<String> names = new HashSet<>();
    for (ResourceMetrics resource : export.getResourceMetricsList()) {
      for (ScopeMetrics scope : resource.getScopeMetricsList()) {
        for (Metric metric : scope.getMetricsList()) {
          names.add(metric.getName());
        }
      }
    }
    return names;
  }

  private static String resourceAttribute(ExportMetricsServiceRequest export, String key) {
    for (KeyValue attribute : export.getResourceMetrics(0).getResource().getAttributesList()) {
      if (attribute.getKey().equals(key)) {
        return attribute.getValue().getStringValue();
      }
    }
    return null;
  }

  @Test
  void exportsGzippedProtobufWithItsHeadersThatTheOfficialClassesDecode() throws Exception {
    try (LoopbackEndpoint otlp = new LoopbackEndpoint()) {
      AgentJvm.Running running =
          start(
              new AgentJvm()
                  .env("OTEL_EXPORTER_OTLP_ENDPOINT", otlp.url("/otlp"))
                  .env("OTEL_METRIC_EXPORT_INTERVAL", "200")
                  .env("OTEL_EXPORTER_OTLP_COMPRESSION", "gzip")
                  .env("OTEL_EXPORTER_OTLP_METRICS_HEADERS", "api-key=s3cret%20key")
                  .env("OTEL_SERVICE_NAME", "checkout")
                  .env("HEROKU_DYNO_ID", "dyno-1234"));
      await(otlp, 3);
      AgentJvm.Result result = stop(running);
      assertEquals(0, result.exitCode, result.toString());
      assertEquals(List.of(), agentLines(result), "a healthy export says nothing");

      for (Request request : otlp.requests()) {
        assertEquals("POST", request.method);
        assertEquals("/otlp/v1/metrics", request.target);
        assertEquals("application/x-protobuf", request.headers.get("content-type"));
        assertEquals("gzip", request.headers.get("content-encoding"));
        assertEquals("s3cret key", request.headers.get("api-key"));
        assertFalse(request.headers.containsKey("measurements-count"), request.headers.toString());
        ExportMetricsServiceRequest export = decode(request);
        assertTrue(metricNames(export).contains("jvm.memory.used"), metricNames(export).toString());
        assertEquals("checkout", resourceAttribute(export, "service.name"));
        assertEquals("dyno-1234", resourceAttribute(export, "service.instance.id"));
      }
    }
  }

  @Test
  void httpJsonIsSentAsJson() throws Exception {
    try (LoopbackEndpoint otlp = new LoopbackEndpoint()) {
      AgentJvm.Running running =
          start(
              new AgentJvm()
                  .env("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", otlp.url("/custom/path"))
                  .env("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json")
                  .env("OTEL_METRIC_EXPORT_INTERVAL", "200"));
      await(otlp, 1);
      stop(running);
      Request request = otlp.requests().get(0);
      assertEquals("/custom/path", request.target);
      assertEquals("application/json", request.headers.get("content-type"));
      assertTrue(request.json().has("resourceMetrics"), request.body);
    }
  }

  /**
   * One destination's endpoint hangs on every request; the other keeps receiving on its own
   * schedule, and once the hanging one answers again it is delivered too. The OTLP time limit is
   * set far above the intervals: a hanging request must still end within about the shortest
   * interval (300 ms; 30 s is the margin for a busy machine), not after the destination's own limit
   * (100 s) or the hanging server's (60 s), or the other destination would stall that long.
   */
  private void aHangingDestinationStarvesNotTheOther(boolean otlpHangs) throws Exception {
    try (LoopbackEndpoint heroku = new LoopbackEndpoint();
        LoopbackEndpoint otlp = new LoopbackEndpoint()) {
      LoopbackEndpoint hanging = otlpHangs ? otlp : heroku;
      LoopbackEndpoint healthy = otlpHangs ? heroku : otlp;
      hanging.script(request -> Answer.hang());
      AgentJvm.Running running =
          start(
              new AgentJvm()
                  .env("HEROKU_METRICS_URL", heroku.url("/metrics"))
                  .env("HEROKU_METRICS_INTERVAL", "300ms")
                  .env("OTEL_EXPORTER_OTLP_ENDPOINT", otlp.url(""))
                  .env("OTEL_METRIC_EXPORT_INTERVAL", "300")
                  .env("OTEL_EXPORTER_OTLP_TIMEOUT", "100000"));
      await(hanging, 2);
      assertTrue(
          hanging.await(list -> list.get(0).clientGoneNanos != 0, WAIT_MILLIS),
          "the agent never gave up on a hanging request");
      Request first = hanging.requests().get(0);
      assertTrue(
          first.clientGoneNanos - first.receivedNanos < 30_000_000_000L,
          "a hanging request held the agent's thread for "
              + (first.clientGoneNanos - first.receivedNanos) / 1_000_000L
              + " ms");
      int healthyBefore = healthy.requests().size();
      await(healthy, healthyBefore + 5);
      // Every report to the hanging endpoint ended (bounded), the other's went on meanwhile.
      hanging.script(request -> Answer.ok());
      int hangingBefore = hanging.requests().size();
      await(hanging, hangingBefore + 1);
      AgentJvm.Result result = stop(running);
      assertEquals(0, result.exitCode, result.toString());
      assertTrue(
          healthy.requests(LoopbackEndpoint.Outcome.PENDING).size() <= 1,
          "the healthy endpoint answered every report");
      for (Request request : heroku.requests()) {
        assertEquals("application/json", request.headers.get("content-type"));
        assertEquals("1", request.headers.get("measurements-count"));
      }
      for (Request request : otlp.requests()) {
        decode(request);
      }
    }
  }

  @Test
  void aHangingOtlpReceiverNeitherStallsNorStarvesHeroku() throws Exception {
    aHangingDestinationStarvesNotTheOther(true);
  }

  @Test
  void aHangingHerokuEndpointNeitherStallsNorStarvesOtlp() throws Exception {
    aHangingDestinationStarvesNotTheOther(false);
  }

  @Test
  void aBadOtelValueIsOneLineAndHerokuReportsAsBefore() throws Exception {
    try (LoopbackEndpoint heroku = new LoopbackEndpoint();
        LoopbackEndpoint otlp = new LoopbackEndpoint()) {
      AgentJvm.Running running =
          start(
              new AgentJvm()
                  .env("HEROKU_METRICS_URL", heroku.url("/metrics"))
                  .env("HEROKU_METRICS_INTERVAL", "200ms")
                  .env("OTEL_EXPORTER_OTLP_ENDPOINT", otlp.url(""))
                  .env("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")
                  .env("OTEL_METRIC_EXPORT_INTERVAL", "200"));
      await(heroku, 3);
      AgentJvm.Result result = stop(running);
      List<String> lines = agentLines(result);
      assertEquals(1, lines.size(), result.stderr);
      assertTrue(lines.get(0).startsWith("at=error component=jvm-metrics-agent"), lines.get(0));
      assertTrue(lines.get(0).contains("OTEL_EXPORTER_OTLP_PROTOCOL=grpc"), lines.get(0));
      assertEquals(0, otlp.connectionsAccepted());
    }
  }

  @ParameterizedTest
  @EnumSource(AgentJvm.Route.class)
  void theOpenTelemetryJavaAgentTurnsOtlpOffAndLeavesHerokuAlone(AgentJvm.Route route)
      throws Exception {
    // The OpenTelemetry project's own agent (Maven Central, copied by the build), under a name
    // nothing would match: its Premain-Class in the system class loader gives it away.
    Path otelJar = Paths.get(System.getProperty("otel.javaagent", "target/otel/none.jar"));
    assertTrue(Files.isRegularFile(otelJar), otelJar + " is missing; run the tests through Maven");
    Path renamed = Files.copy(otelJar, tmp.resolve("otel.jar"));
    try (LoopbackEndpoint heroku = new LoopbackEndpoint();
        LoopbackEndpoint otlp = new LoopbackEndpoint()) {
      AgentJvm.Running running =
          start(
              new AgentJvm()
                  .route(route)
                  .jvmOption("-javaagent:" + renamed)
                  .env("HEROKU_METRICS_URL", heroku.url("/metrics"))
                  .env("HEROKU_METRICS_INTERVAL", "200ms")
                  .env("HEROKU_METRICS_DEBUG", "true")
                  .env("OTEL_EXPORTER_OTLP_ENDPOINT", otlp.url(""))
                  .env("OTEL_METRIC_EXPORT_INTERVAL", "200")
                  // The OpenTelemetry agent's own exports go nowhere and it says nothing, by
                  // system properties: the same environment variables would turn this one off.
                  .jvmOption(
                      "-Dotel.metrics.exporter=none",
                      "-Dotel.traces.exporter=none",
                      "-Dotel.logs.exporter=none",
                      "-Dotel.javaagent.logging=none"));
      await(heroku, 3);
      AgentJvm.Result result = stop(running);
      assertEquals(0, otlp.connectionsAccepted(), "nothing over OTLP");
      long said = 0;
      for (String line : agentLines(result)) {
        if (line.contains("OpenTelemetry Java agent")) {
          said++;
          assertTrue(line.startsWith("at=debug "), line);
        }
      }
      assertEquals(1, said, result.stderr);
    }
  }

  /** The value of {@code name} (a sum of integers) in one export: all its data points added. */
  private static long sumOf(ExportMetricsServiceRequest export, String name, boolean[] seen) {
    long total = 0;
    for (ResourceMetrics resource : export.getResourceMetricsList()) {
      for (ScopeMetrics scope : resource.getScopeMetricsList()) {
        for (Metric metric : scope.getMetricsList()) {
          if (metric.getName().equals(name)) {
            seen[0] = true;
            for (NumberDataPoint point : metric.getSum().getDataPointsList()) {
              total += point.getAsInt();
            }
          }
        }
      }
    }
    return total;
  }

  /**
   * Every other export fails (503); the app exits after a few, and the shutdown's last export gets
   * through. The JVM's own collection count at exit is then exactly what the receiver was given:
   * the sum of the delivered deltas, or the last delivered cumulative value. Nothing lost to the
   * failures, nothing sent twice, and the final flush carries the end.
   */
  @ParameterizedTest
  @ValueSource(strings = {"delta", "cumulative"})
  void failedExportsLoseNothingAndTheLastOneCarriesTheEnd(String temporality) throws Exception {
    try (LoopbackEndpoint otlp = new LoopbackEndpoint()) {
      otlp.script(request -> request.number % 2 == 0 ? Answer.status(503) : Answer.ok());
      AgentJvm.Running running =
          start(
              new AgentJvm()
                  .jvmOption("-XX:+UseG1GC", "-Xmx64m", "-Xmn4m")
                  .env("OTEL_EXPORTER_OTLP_ENDPOINT", otlp.url(""))
                  .env("OTEL_METRIC_EXPORT_INTERVAL", "200")
                  .env("OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE", temporality));
      await(otlp, 6);
      AgentJvm.Result result = stop(running);
      assertEquals(0, result.exitCode, result.toString());

      long jvmCollections = 0;
      for (long[] figures : Counts.parseTotals(result.line("totals ")).values()) {
        jvmCollections += figures[0];
      }
      long delivered = 0;
      long lastDelivered = -1;
      boolean[] seen = {false};
      for (Request request : otlp.requests()) {
        if (request.answer.status == 200 && request.outcome == LoopbackEndpoint.Outcome.COMMITTED) {
          long value = sumOf(decode(request), "jvmmetrics.gc.collection.count", seen);
          delivered += value;
          lastDelivered = value;
        }
      }
      assertTrue(seen[0], "no export had jvmmetrics.gc.collection.count");
      assertTrue(jvmCollections > 0, result.toString());
      assertEquals(
          jvmCollections,
          temporality.equals("delta") ? delivered : lastDelivered,
          "exports " + otlp.requests() + "\n" + result.stderr);
    }
  }

  @Test
  void aJvmThatExitsBeforeTheFirstExportSendsNothingAndSaysNothing() throws Exception {
    try (LoopbackEndpoint otlp = new LoopbackEndpoint()) {
      Files.createFile(tmp.resolve("trigger")); // FaultApp does its work and exits at once.
      AgentJvm.Result result =
          new AgentJvm()
              .env("OTEL_EXPORTER_OTLP_ENDPOINT", otlp.url(""))
              .jvmOption("-Djava.io.tmpdir=" + tmp)
              .run(FaultApp.class, 120, "5", tmp.resolve("trigger").toString(), "0", "0");
      assertEquals(0, result.exitCode, result.toString());
      assertEquals(List.of(), agentLines(result));
      assertEquals(0, otlp.connectionsAccepted(), "the first export is due after 60 s");
    }
  }

  /**
   * The receiver takes every other export only in part (a 200 with {@code partial_success}): one
   * warning says so, and the export is not sent again. The delta counts still add up exactly to the
   * JVM's own total: nothing resent, nothing lost.
   */
  @Test
  void aPartialSuccessIsSaidOnceAndNotRetried() throws Exception {
    byte[] partial =
        ExportMetricsServiceResponse.newBuilder()
            .setPartialSuccess(
                ExportMetricsPartialSuccess.newBuilder()
                    .setRejectedDataPoints(2)
                    .setErrorMessage("unit not allowed"))
            .build()
            .toByteArray();
    String body = new String(partial, StandardCharsets.ISO_8859_1);
    try (LoopbackEndpoint otlp = new LoopbackEndpoint()) {
      otlp.script(request -> request.number % 2 == 0 ? Answer.chunked(body) : Answer.ok());
      AgentJvm.Running running =
          start(
              new AgentJvm()
                  .jvmOption("-XX:+UseG1GC", "-Xmx64m", "-Xmn4m")
                  .env("OTEL_EXPORTER_OTLP_ENDPOINT", otlp.url(""))
                  .env("OTEL_METRIC_EXPORT_INTERVAL", "200")
                  .env("OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE", "delta"));
      await(otlp, 6);
      AgentJvm.Result result = stop(running);
      List<String> lines = agentLines(result);
      assertEquals(1, lines.size(), result.stderr);
      assertTrue(lines.get(0).startsWith("at=warn component=jvm-metrics-agent"), lines.get(0));
      assertTrue(lines.get(0).contains("rejected_data_points=2"), lines.get(0));
      assertTrue(lines.get(0).contains("receiver_says=\"unit not allowed\""), lines.get(0));

      long jvmCollections = 0;
      for (long[] figures : Counts.parseTotals(result.line("totals ")).values()) {
        jvmCollections += figures[0];
      }
      long delivered = 0;
      boolean[] seen = {false};
      for (Request request : otlp.requests()) {
        delivered += sumOf(decode(request), "jvmmetrics.gc.collection.count", seen);
      }
      assertEquals(jvmCollections, delivered, "exports " + otlp.requests());
    }
  }
}
