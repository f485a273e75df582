package dev.jvmmetrics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jvmmetrics.fixtures.GcWorkload;
import dev.jvmmetrics.testing.AgentJvm;
import dev.jvmmetrics.testing.AgentJvm.Route;
import dev.jvmmetrics.testing.AgentLog;
import dev.jvmmetrics.testing.Counts;
import dev.jvmmetrics.testing.LoopbackEndpoint;
import dev.jvmmetrics.testing.Payloads;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A real JVM with the agent jar against a loopback endpoint: whole payloads, checked, with the
 * agent loaded as a javaagent and through the native bootstrap.
 */
class ReportsIT {
  private static final List<String> GAUGES =
      Arrays.asList(
          "jvm_memory_bytes_used.area_heap",
          "jvm_memory_bytes_used.area_nonheap",
          "jvm_memory_bytes_committed.area_heap",
          "jvm_memory_bytes_committed.area_nonheap",
          "jvm_buffer_pool_bytes_used.name_direct",
          "jvm_buffer_pool_bytes_used.name_mapped",
          "jvm_threads_current",
          "process_resident_memory_bytes");
  private static final List<String> COUNTERS =
      Arrays.asList(
          "jvm_gc_collection_seconds_count.gc_all",
          "jvm_gc_pause_seconds_sum",
          "jvm_gc_pause_seconds_count");

  static BigDecimal sum(List<LoopbackEndpoint.Request> reports, String counter) {
    BigDecimal total = BigDecimal.ZERO;
    for (LoopbackEndpoint.Request report : reports) {
      BigDecimal delta = Payloads.number(report.section("counters"), counter);
      if (delta == null) {
        throw new AssertionError("report without counter " + counter + ": " + report.body);
      }
      total = total.add(delta);
    }
    return total;
  }

  @ParameterizedTest
  @EnumSource(Route.class)
  void deliversHerokuPayloadsWhoseDeltasAddUpToTheJvmsTotals(Route route) throws Exception {
    try (LoopbackEndpoint endpoint = new LoopbackEndpoint()) {
      AgentJvm.Result result =
          new AgentJvm()
              .route(route)
              .env("HEROKU_METRICS_URL", endpoint.url("/metrics/abc?token=secret"))
              // Each POST may take one interval: not so short that a busy machine makes it fail.
              .env("HEROKU_METRICS_INTERVAL", "500ms")
              .jvmOption("-XX:+UseG1GC", "-Xmx128m", "-Xmn16m")
              .run(GcWorkload.class, 60, "1500", "1500");

      assertEquals(0, result.exitCode, result.toString());
      AgentLog.assertSilent(result.stderr, "the agent must be silent when all is well");
      assertEquals("true", result.line("agent-thread="));
      Map<String, long[]> totals = Counts.parseTotals(result.line("totals "));
      long collections = totals.get("G1 Young Generation")[0] + totals.get("G1 Old Generation")[0];
      assertTrue(collections > 0, "the workload must collect: " + result);

      List<LoopbackEndpoint.Request> reports = endpoint.requests();
      assertTrue(reports.size() >= 4, reports.size() + " reports in 3 s at 500 ms");
      for (LoopbackEndpoint.Request report : reports) {
        assertEquals("POST", report.method);
        assertEquals("/metrics/abc?token=secret", report.target);
        assertEquals("application/json", report.headers.get("content-type"));
        assertEquals("1", report.headers.get("measurements-count"));
        assertTrue(
            report
                .headers
                .get("measurements-time")
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"),
            report.headers.toString());
        // AgentMain.VERSION is a constant, so the jar's manifest is what it must agree with.
        assertTrue(
            report.headers.get("user-agent").startsWith("jvm-metrics-agent/" + manifestVersion()),
            report.headers.get("user-agent"));
        List<String> sections = new ArrayList<>();
        report.json().fieldNames().forEachRemaining(sections::add);
        assertEquals(Arrays.asList("counters", "gauges"), sections);
        JsonNode gauges = report.section("gauges");
        JsonNode counters = report.section("counters");
        for (String gauge : GAUGES) {
          assertTrue(gauges.has(gauge), gauge + " missing: " + report.body);
          assertFalse(counters.has(gauge), gauge + " is a gauge");
        }
        for (String counter : COUNTERS) {
          assertTrue(counters.has(counter), counter + " missing: " + report.body);
        }
        for (JsonNode value : gauges) {
          assertTrue(value.isNumber() && value.decimalValue().signum() >= 0, report.body);
        }
        for (JsonNode value : counters) {
          assertTrue(value.isNumber() && value.decimalValue().signum() >= 0, report.body);
        }
      }

      // Deltas, summed over every report, equal the JVM's own totals: nothing lost or doubled.
      for (Map.Entry<String, long[]> bean : totals.entrySet()) {
        String suffix = bean.getKey().replace(' ', '_');
        assertEquals(
            BigDecimal.valueOf(bean.getValue()[0]),
            sum(reports, "jvm_gc_collection_seconds_count.gc_" + suffix),
            bean.getKey());
        assertEquals(
            0,
            BigDecimal.valueOf(bean.getValue()[1], 3)
                .compareTo(sum(reports, "jvm_gc_collection_seconds_sum.gc_" + suffix)),
            bean.getKey());
      }
      assertEquals(
          BigDecimal.valueOf(collections), sum(reports, "jvm_gc_collection_seconds_count.gc_all"));
      // Pauses are collections plus G1's Remark and Cleanup pauses (GcMatrixIT checks them
      // exactly).
      assertTrue(sum(reports, "jvm_gc_pause_seconds_count").longValueExact() >= collections);
    }
  }

  @ParameterizedTest
  @EnumSource(Route.class)
  void withoutUrlTheAgentStartsNothingAndPrintsNothing(Route route) throws Exception {
    AgentJvm.Result result = new AgentJvm().route(route).run(GcWorkload.class, 60, "200", "300");
    assertEquals(0, result.exitCode, result.toString());
    AgentLog.assertSilent(result.stderr, "no URL, nothing to say");
    assertEquals("false", result.line("agent-thread="));
  }

  @ParameterizedTest
  @EnumSource(Route.class)
  void badUrlIsOneLineAndTheAppRunsAsUsual(Route route) throws Exception {
    AgentJvm.Result result =
        new AgentJvm()
            .route(route)
            .env("HEROKU_METRICS_URL", "file:///etc/passwd")
            .env("HEROKU_METRICS_INTERVAL", "100ms")
            .run(GcWorkload.class, 60, "200", "500");
    assertEquals(0, result.exitCode, result.toString());
    List<String> lines = AgentLog.lines(result.stderr);
    assertEquals(1, lines.size(), result.stderr);
    assertTrue(lines.get(0).startsWith("at=error component=jvm-metrics-agent"), lines.get(0));
    assertTrue(lines.get(0).contains("HEROKU_METRICS_URL"), lines.get(0));
    assertEquals(List.of(), AgentLog.strays(result.stderr), result.stderr);
    assertTrue(result.stdout.contains("agent-thread=false"), result.toString());
  }

  /** The built jar's Implementation-Version, which Maven takes from the pom. */
  private static String manifestVersion() throws IOException {
    try (JarFile jar = new JarFile(AgentJvm.AGENT_JAR.toFile())) {
      return jar.getManifest().getMainAttributes().getValue("Implementation-Version") + " (Java ";
    }
  }
}
