package dev.jvmmetrics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmmetrics.fixtures.FaultApp;
import dev.jvmmetrics.testing.AgentJvm;
import dev.jvmmetrics.testing.Counts;
import dev.jvmmetrics.testing.LoopbackEndpoint;
import dev.jvmmetrics.testing.LoopbackEndpoint.Outcome;
import dev.jvmmetrics.testing.LoopbackEndpoint.Request;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several JVMs in one dyno: same {@code HEROKU_METRICS_URL}, same {@code java.io.tmpdir}, all with
 * the agent (as {@code JAVA_TOOL_OPTIONS} gives it to every JVM). Reports are told apart by their
 * collector names: the first JVM runs the Serial collector, the second the Parallel one.
 */
class DynoIT {
  /** Each POST may take one interval: not so short that a busy machine makes one fail. */
  private static final String INTERVAL_MILLIS = "500";

  @TempDir Path tmp;

  private AgentJvm jvm(LoopbackEndpoint endpoint, String collector) {
    return new AgentJvm()
        .env("HEROKU_METRICS_URL", endpoint.url("/metrics/dyno"))
        .env("HEROKU_METRICS_INTERVAL", INTERVAL_MILLIS + "ms")
        .jvmOption(collector, "-Xmx96m", "-Xmn16m", "-Djava.io.tmpdir=" + tmp);
  }

  private static boolean fromSerial(Request request) {
    return request.body.contains("gc_Copy");
  }

  private static boolean fromParallel(Request request) {
    return request.body.contains("gc_PS_Scavenge");
  }

  @Test
  void twoJvmsMakeOneReporterAndTheOtherTakesOverWhenItExits() throws Exception {
    try (LoopbackEndpoint endpoint = new LoopbackEndpoint()) {
      Path firstGo = tmp.resolve("first.go");
      Path secondGo = tmp.resolve("second.go");
      AgentJvm.Running first =
          jvm(endpoint, "-XX:+UseSerialGC")
              .start(FaultApp.class, "100", firstGo.toString(), "60000", "0");
      assertTrue(
          endpoint.await(requests -> !requests.isEmpty(), 30_000), "the first JVM never reported");
      AgentJvm.Running second =
          jvm(endpoint, "-XX:+UseParallelGC")
              .start(FaultApp.class, "100", secondGo.toString(), "60000", "0");

      // Both run side by side for a good number of intervals.
      long sideBySideFrom = System.nanoTime();
      Thread.sleep(2_000);
      long sideBySideTo = System.nanoTime();
      Files.createFile(firstGo);
      AgentJvm.Result firstResult = first.await(60);
      long firstGone = System.nanoTime();
      assertTrue(
          endpoint.await(
              requests -> requests.stream().filter(DynoIT::fromParallel).count() >= 3, 30_000),
          "the second JVM never took over");
      Files.createFile(secondGo);
      AgentJvm.Result secondResult = second.await(60);

      List<Request> requests = endpoint.requests();
      assertEquals(
          List.of(),
          requests.stream()
              .filter(r -> !fromSerial(r) && !fromParallel(r))
              .collect(Collectors.toList()));
      List<Request> serial =
          requests.stream().filter(DynoIT::fromSerial).collect(Collectors.toList());
      List<Request> parallel =
          requests.stream().filter(DynoIT::fromParallel).collect(Collectors.toList());

      // One reporter's worth: while both ran, only the first reported, at its usual rate.
      long firstLast = serial.get(serial.size() - 1).receivedNanos;
      assertTrue(
          parallel.get(0).receivedNanos > firstLast,
          "the second JVM reported before the first had sent its last report");
      long sideBySideReports =
          serial.stream()
              .filter(r -> r.receivedNanos > sideBySideFrom && r.receivedNanos < sideBySideTo)
              .count();
      long expected = 2_000 / Long.parseLong(INTERVAL_MILLIS);
      assertTrue(
          sideBySideReports >= 2 && sideBySideReports <= expected + 2,
          sideBySideReports + " reports in 2 s at one every " + INTERVAL_MILLIS + " ms");

      // The survivor took over within about an interval (plus slack for a busy machine).
      long takeoverMillis = (parallel.get(0).receivedNanos - firstGone) / 1_000_000L;
      assertTrue(
          takeoverMillis < Long.parseLong(INTERVAL_MILLIS) + 2_000,
          "took over " + takeoverMillis + " ms after the first JVM exited");

      // Each JVM's reports carry exactly its own counts; nothing was lost in the hand-over.
      assertEquals(0, firstResult.exitCode, firstResult.toString());
      assertEquals(0, secondResult.exitCode, secondResult.toString());
      assertEquals("", firstResult.stderr);
      assertEquals("", secondResult.stderr, "standing by is normal and silent");
      Counts.assertAddUpExactly(firstResult.line("totals "), committed(serial));
      Counts.assertAddUpExactly(secondResult.line("totals "), committed(parallel));
    }
  }

  private static List<Request> committed(List<Request> requests) {
    return requests.stream()
        .filter(r -> r.outcome == Outcome.COMMITTED)
        .collect(Collectors.toList());
  }

  @Test
  void javaVersionNeverReportsNorTakesTheLock() throws Exception {
    try (LoopbackEndpoint endpoint = new LoopbackEndpoint()) {
      for (int i = 0; i < 3; i++) {
        AgentJvm.Result result =
            new AgentJvm()
                .env("HEROKU_METRICS_URL", endpoint.url("/metrics/dyno"))
                .jvmOption("-Djava.io.tmpdir=" + tmp)
                .runJava(60, "-version");
        assertEquals(0, result.exitCode, result.toString());
        assertTrue(result.stderr.contains("version"), result.toString());
        assertFalse(result.stderr.contains("jvm-metrics-agent"), result.toString());
      }
      Thread.sleep(500); // Anything sent late would have arrived by now.
      assertEquals(0, endpoint.connectionsAccepted());
      try (Stream<Path> files = Files.list(tmp)) {
        assertEquals(
            List.of(),
            files
                .map(Path::toString)
                .filter(f -> f.endsWith(".lock"))
                .collect(Collectors.toList()));
      }
    }
  }

  @Test
  void anUnusableTmpdirIsOneClearLineAndNoReports() throws Exception {
    Path notADirectory = Files.createFile(tmp.resolve("not-a-directory"));
    Path go = tmp.resolve("go");
    try (LoopbackEndpoint endpoint = new LoopbackEndpoint()) {
      AgentJvm.Running running =
          new AgentJvm()
              .env("HEROKU_METRICS_URL", endpoint.url("/metrics/dyno?token=tok3n"))
              .env("HEROKU_METRICS_INTERVAL", "100ms")
              .jvmOption("-Djava.io.tmpdir=" + notADirectory)
              .start(FaultApp.class, "50", go.toString(), "60000", "0");
      Thread.sleep(1_500); // Many intervals, each one retrying the lock.
      Files.createFile(go);
      AgentJvm.Result result = running.await(60);
      assertEquals(0, result.exitCode, result.toString());
      assertEquals("true", result.line("agent-thread="));
      String[] lines = result.stderr.split("\n");
      assertEquals(1, lines.length, result.stderr);
      assertTrue(lines[0].startsWith("at=error component=jvm-metrics-agent"), lines[0]);
      assertTrue(lines[0].contains("java.io.tmpdir"), lines[0]);
      assertFalse(lines[0].contains("tok3n"), lines[0]);
      assertEquals(0, endpoint.connectionsAccepted());
    }
  }
}
