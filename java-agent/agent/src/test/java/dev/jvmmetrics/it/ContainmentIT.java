package dev.jvmmetrics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmmetrics.fixtures.BrokenMxBeanApp;
import dev.jvmmetrics.fixtures.FullHeapApp;
import dev.jvmmetrics.testing.AgentJvm;
import dev.jvmmetrics.testing.Counts;
import dev.jvmmetrics.testing.LoopbackEndpoint;
import dev.jvmmetrics.testing.LoopbackEndpoint.Outcome;
import dev.jvmmetrics.testing.LoopbackEndpoint.Request;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failures inside the agent's own JVM stay inside the agent, and inside the failing part of it. */
class ContainmentIT {
  @TempDir Path tmp;

  private static boolean hasThreads(Request request) {
    return request.section("gauges").has("jvm_threads_current");
  }

  @Test
  void aBrokenMxBeanCostsOnlyItsOwnMetricsAndTheReporterCarriesOn() throws Exception {
    try (LoopbackEndpoint endpoint = new LoopbackEndpoint()) {
      Path restore = tmp.resolve("restore");
      Path exit = tmp.resolve("exit");
      AgentJvm.Running running =
          new AgentJvm()
              .env("HEROKU_METRICS_URL", endpoint.url("/metrics"))
              .env("HEROKU_METRICS_INTERVAL", "250ms")
              .jvmOption(
                  "--add-opens",
                  "java.management/sun.management=ALL-UNNAMED",
                  "-XX:+UseSerialGC",
                  "-Xmx96m",
                  "-Xmn16m",
                  "-Djava.io.tmpdir=" + tmp)
              .start(BrokenMxBeanApp.class, restore.toString(), exit.toString());
      assertTrue(endpoint.await(requests -> requests.size() >= 4, 30_000), "no reports");
      Files.createFile(restore);
      assertTrue(
          endpoint.await(requests -> hasThreads(requests.get(requests.size() - 1)), 30_000),
          "thread metrics never came back");
      Files.createFile(exit);
      AgentJvm.Result result = running.await(60);
      List<Request> requests = endpoint.requests();

      assertEquals(0, result.exitCode, result.toString());
      assertTrue(result.stdout.startsWith("broken\nrestored threads="), result.stdout);
      assertEquals("true", result.line("agent-thread="));
      // While broken: every report went out, without the thread gauges but with everything else.
      List<Request> whileBroken = requests.subList(0, 4);
      for (Request request : whileBroken) {
        assertEquals(Outcome.COMMITTED, request.outcome);
        assertFalse(hasThreads(request), request.body);
        assertTrue(request.section("gauges").has("jvm_memory_bytes_used.area_heap"), request.body);
        assertTrue(request.body.contains("jvm_gc_collection_seconds_count.gc_all"), request.body);
      }
      Counts.assertAddUpExactly(result.line("totals "), endpoint.requests(Outcome.COMMITTED));
      List<String> lines = FaultSuiteIT.lines(result.stderr, "");
      assertEquals(2, lines.size(), result.stderr);
      assertTrue(
          lines.get(0).startsWith("at=warn") && lines.get(0).contains("source=ThreadSource"),
          lines.get(0));
      assertTrue(lines.get(0).contains("java.lang.InternalError: broken MXBean"), lines.get(0));
      assertTrue(
          lines.get(1).startsWith("at=info") && lines.get(1).contains("metric source recovered"),
          lines.get(1));
    }
  }

  /**
   * With the heap full, every cycle throws {@link OutOfMemoryError}, even its own log line. The
   * reports stop, the thread survives, and once the app lets go they resume and carry every
   * collection of the full-heap spell.
   */
  @Test
  void anOutOfMemoryErrorInACycleIsContained() throws Exception {
    try (LoopbackEndpoint endpoint = new LoopbackEndpoint()) {
      Path fill = tmp.resolve("fill");
      Path exit = tmp.resolve("exit");
      long holdMillis = 2_000;
      AgentJvm.Running running =
          new AgentJvm()
              .env("HEROKU_METRICS_URL", endpoint.url("/metrics"))
              .env("HEROKU_METRICS_INTERVAL", "200ms")
              .jvmOption("-XX:+UseSerialGC", "-Xmx32m", "-XX:-UseTLAB", "-Djava.io.tmpdir=" + tmp)
              .start(
                  FullHeapApp.class, fill.toString(), String.valueOf(holdMillis), exit.toString());
      assertTrue(endpoint.await(requests -> requests.size() >= 2, 30_000), "no reports");
      Files.createFile(fill);
      int before = endpoint.requests().size();
      assertTrue(
          endpoint.await(requests -> requests.size() >= before + 4, 30_000),
          "reports never resumed");
      Files.createFile(exit);
      AgentJvm.Result result = running.await(60);
      List<Request> requests = endpoint.requests();

      assertEquals(0, result.exitCode, result.toString());
      assertTrue(result.stdout.startsWith("full\nreleased\n"), result.toString());
      assertEquals("true", result.line("agent-thread="));
      long longestGapMillis = 0;
      for (int i = 1; i < requests.size(); i++) {
        long gap = (requests.get(i).receivedNanos - requests.get(i - 1).receivedNanos) / 1_000_000L;
        longestGapMillis = Math.max(longestGapMillis, gap);
      }
      assertTrue(
          longestGapMillis >= holdMillis / 2,
          "reports went on while the heap was full (longest gap " + longestGapMillis + " ms)");
      Counts.assertAddUpExactly(result.line("totals "), endpoint.requests(Outcome.COMMITTED));
      // Whatever could be logged is consistent: no recovery without its failure.
      for (String line : FaultSuiteIT.lines(result.stderr, "")) {
        assertTrue(line.contains("jvm-metrics-agent"), "not the agent's: " + line);
      }
      assertEquals(
          FaultSuiteIT.lines(result.stderr, "cycle failed").size(),
          FaultSuiteIT.lines(result.stderr, "cycle recovered").size(),
          result.stderr);
      assertEquals(
          FaultSuiteIT.lines(result.stderr, "source failed").size(),
          FaultSuiteIT.lines(result.stderr, "source recovered").size(),
          result.stderr);
    }
  }
}
