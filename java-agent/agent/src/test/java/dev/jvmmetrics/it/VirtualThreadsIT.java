package dev.jvmmetrics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jvmmetrics.fixtures.VirtualThreadsApp;
import dev.jvmmetrics.testing.AgentJvm;
import dev.jvmmetrics.testing.LoopbackEndpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The virtual-thread scheduler's gauges: on Temurin 25 they arrive and move while an app keeps the
 * scheduler busy; before JDK 24 (17 without virtual threads, 21 with them but without the
 * scheduler's bean) they are absent and the agent says nothing.
 */
class VirtualThreadsIT {
  private static final String FIXTURES =
      System.getProperty("fixture.classes", "target/fixture-classes");
  private static final String[] GAUGES = {
    "jvm_threads_virtual_mounted",
    "jvm_threads_virtual_queued",
    "jvm_threads_carrier_parallelism",
    "jvm_threads_carrier_pool_size"
  };

  @TempDir Path dir;

  @Test
  void onJdk25TheSchedulersGaugesArriveAndShowTheQueueOfABurst() throws Exception {
    try (LoopbackEndpoint endpoint = new LoopbackEndpoint()) {
      AgentJvm.Result result =
          run(
              System.getProperty("jdk25.home"),
              endpoint,
              // Until a report has caught a burst queueing, with a few reports before it.
              reports -> reports.size() >= 3 && reports.stream().anyMatch(r -> queued(r) > 0));
      assertEquals(0, result.exitCode, result.toString());
      assertEquals("true", result.line("virtual="), result.toString());
      assertEquals("", agentLines(result.stderr), result.toString());

      List<LoopbackEndpoint.Request> reports = endpoint.requests();
      long mostMounted = 0;
      for (LoopbackEndpoint.Request report : reports) {
        JsonNode gauges = report.section("gauges");
        for (String gauge : GAUGES) {
          assertTrue(gauges.has(gauge), gauge + " missing: " + report.body);
        }
        long mounted = gauges.get("jvm_threads_virtual_mounted").longValue();
        long parallelism = gauges.get("jvm_threads_carrier_parallelism").longValue();
        assertTrue(parallelism >= 1, report.body);
        assertTrue(mounted <= parallelism, "mounted above parallelism: " + report.body);
        mostMounted = Math.max(mostMounted, mounted);
      }
      assertTrue(reports.stream().anyMatch(r -> queued(r) > 0), "no report saw a queue");
      assertTrue(mostMounted > 0, "no report saw a mounted virtual thread");
      assertTrue(
          reports.stream()
                  .mapToLong(r -> r.section("gauges").get("jvm_threads_carrier_pool_size").asLong())
                  .max()
                  .getAsLong()
              >= 1,
          "no carrier started");
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"java.home", "jdk21.home"})
  void beforeJdk24TheGaugesAreAbsentAndNothingIsSaid(String jdk) throws Exception {
    try (LoopbackEndpoint endpoint = new LoopbackEndpoint()) {
      AgentJvm.Result result =
          run(System.getProperty(jdk), endpoint, reports -> reports.size() >= 3);
      assertEquals(0, result.exitCode, result.toString());
      assertEquals("", agentLines(result.stderr), result.toString());
      List<LoopbackEndpoint.Request> reports = endpoint.requests();
      assertTrue(reports.size() >= 3, result.toString());
      for (LoopbackEndpoint.Request report : reports) {
        assertTrue(report.section("gauges").has("jvm_threads_current"), report.body);
        for (String gauge : GAUGES) {
          assertFalse(report.body.contains(gauge), gauge + " on " + jdk + ": " + report.body);
        }
      }
    }
  }

  @Test
  void onJdk25AnAppWithoutVirtualThreadsGetsNoGaugesAndNoSchedulerThreads() throws Exception {
    try (LoopbackEndpoint endpoint = new LoopbackEndpoint()) {
      AgentJvm.Result result =
          run(System.getProperty("jdk25.home"), endpoint, reports -> reports.size() >= 3, "idle");
      assertEquals(0, result.exitCode, result.toString());
      assertEquals("", agentLines(result.stderr), result.toString());
      assertEquals("false", result.line("unblocker="), "the agent started the scheduler");
      for (LoopbackEndpoint.Request report : endpoint.requests()) {
        for (String gauge : GAUGES) {
          assertFalse(report.body.contains(gauge), gauge + ": " + report.body);
        }
      }
    }
  }

  /**
   * Runs the app on {@code javaHome} until {@code enough} holds for the reports the endpoint
   * answered (the app stops when the test creates its stop file), at most about a minute; {@code
   * mode} is the app's second argument, if any.
   */
  private AgentJvm.Result run(
      String javaHome,
      LoopbackEndpoint endpoint,
      Predicate<List<LoopbackEndpoint.Request>> enough,
      String... mode)
      throws Exception {
    Path stop = dir.resolve("stop");
    AgentJvm.Running app =
        new AgentJvm()
            .javaHome(javaHome)
            .classpath(FIXTURES)
            .env("HEROKU_METRICS_URL", endpoint.url("/metrics/virtual-threads"))
            .env("HEROKU_METRICS_INTERVAL", "500ms")
            .jvmOption("-Xmx64m", "-Djava.io.tmpdir=" + dir)
            .start(VirtualThreadsApp.class, appArgs(stop, mode));
    endpoint.await(requests -> enough.test(committed(requests)) || !app.isAlive(), 90_000);
    Files.createFile(stop);
    return app.await(90);
  }

  private static String[] appArgs(Path stop, String... mode) {
    String[] args = new String[1 + mode.length];
    args[0] = stop.toString();
    System.arraycopy(mode, 0, args, 1, mode.length);
    return args;
  }

  private static List<LoopbackEndpoint.Request> committed(List<LoopbackEndpoint.Request> all) {
    return all.stream()
        .filter(r -> r.outcome == LoopbackEndpoint.Outcome.COMMITTED)
        .collect(java.util.stream.Collectors.toList());
  }

  private static long queued(LoopbackEndpoint.Request report) {
    JsonNode queued = report.section("gauges").get("jvm_threads_virtual_queued");
    return queued == null ? -1 : queued.longValue();
  }

  /** The agent's own lines on stderr; the JVM's warnings, if any, are not the agent's. */
  private static String agentLines(String stderr) {
    StringBuilder lines = new StringBuilder();
    for (String line : stderr.split("\n")) {
      if (line.contains("component=jvm-metrics-agent")) {
        lines.append(line).append('\n');
      }
    }
    return lines.toString();
  }
}
