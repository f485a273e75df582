package dev.jvmmetrics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmmetrics.agent.Endpoint;
import dev.jvmmetrics.agent.report.ReportLock;
import dev.jvmmetrics.fixtures.FaultApp;
import dev.jvmmetrics.fixtures.StandbyApp;
import dev.jvmmetrics.testing.AgentJvm;
import dev.jvmmetrics.testing.Counts;
import dev.jvmmetrics.testing.LoopbackEndpoint;
import dev.jvmmetrics.testing.LoopbackEndpoint.Outcome;
import dev.jvmmetrics.testing.LoopbackEndpoint.Request;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several JVMs in one dyno: same {@code HEROKU_METRICS_URL}, all with the agent (as {@code
 * JAVA_TOOL_OPTIONS} gives it to every JVM), each free to set its own {@code java.io.tmpdir} as
 * launchers do. Reports are told apart by their collector names: the first JVM runs the Serial
 * collector, the second the Parallel one.
 *
 * <p>The lock file sits beside the agent jar, named after the endpoint: each test here has an
 * endpoint of its own, so tests that share the jar's directory never share a lock.
 */
class DynoIT {
  /** Each POST may take one interval: not so short that a busy machine makes one fail. */
  private static final String INTERVAL_MILLIS = "500";

  /** How long any awaited condition may take on a very busy machine before the test fails. */
  private static final long PATIENCE_MILLIS = 60_000;

  @TempDir Path tmp;

  private AgentJvm jvm(LoopbackEndpoint endpoint, String collector, Path tmpdir) {
    return new AgentJvm()
        .env("HEROKU_METRICS_URL", endpoint.url("/metrics/dyno"))
        .env("HEROKU_METRICS_INTERVAL", INTERVAL_MILLIS + "ms")
        .jvmOption(collector, "-Xmx96m", "-Xmn16m", "-Djava.io.tmpdir=" + tmpdir);
  }

  private static boolean fromSerial(Request request) {
    return request.body.contains("gc_Copy");
  }

  private static boolean fromParallel(Request request) {
    return request.body.contains("gc_PS_Scavenge");
  }

  private static long count(LoopbackEndpoint endpoint, Predicate<Request> which) {
    return endpoint.requests().stream().filter(which).count();
  }

  /**
   * The dyno's first JVM runs as a plain {@code java} command, the second as Tomcat's {@code
   * catalina.sh} starts it ({@code -Djava.io.tmpdir=$CATALINA_BASE/temp}). Only the first reports.
   * The second collects garbage while it stands by, then goes quiet; the first exits; the second
   * takes over and reports from that moment: its first report carries no collection, and all its
   * reports add up to what it collected after it went quiet, not to its lifetime's totals.
   */
  @Test
  void oneReporterWhateverTheTmpdirAndATakeoverReportsFromThatMoment() throws Exception {
    try (LoopbackEndpoint endpoint = new LoopbackEndpoint()) {
      Path firstGo = tmp.resolve("first.go");
      Path appTmp = Files.createDirectories(tmp.resolve("app-tmp"));
      Path catalinaTemp = Files.createDirectories(tmp.resolve("catalina-base").resolve("temp"));
      Path phases = Files.createDirectories(tmp.resolve("phases"));
      AgentJvm.Running first =
          jvm(endpoint, "-XX:+UseSerialGC", appTmp)
              .start(FaultApp.class, "100", firstGo.toString(), "120000", "0");
      assertTrue(
          endpoint.await(requests -> !requests.isEmpty(), PATIENCE_MILLIS),
          "the first JVM never reported");
      // Through the native bootstrap, which puts the jar on the class path by JVMTI rather than
      // -javaagent: the lock is found beside the jar either way.
      AgentJvm.Running second =
          jvm(endpoint, "-XX:+UseParallelGC", catalinaTemp)
              .route(AgentJvm.Route.BOOTSTRAP)
              .env("HEROKU_METRICS_DEBUG", "true")
              .start(StandbyApp.class, phases.toString());

      // The second JVM finds the lock taken (or, wrongly, reports).
      awaitTrue(
          () ->
              second.stderrSoFar().contains("standing by")
                  || count(endpoint, DynoIT::fromParallel) > 0,
          "the second JVM neither stood by nor reported");
      assertEquals(0, count(endpoint, DynoIT::fromParallel), "two JVMs of one dyno reported");
      long serialSoFar = count(endpoint, DynoIT::fromSerial);
      assertTrue(
          endpoint.await(
              requests -> requests.stream().filter(DynoIT::fromSerial).count() >= serialSoFar + 2,
              PATIENCE_MILLIS),
          "the first JVM stopped reporting when the second started");
      Files.createFile(phases.resolve("quiet"));
      awaitTrue(
          () -> Files.exists(phases.resolve("quiet.ack")) || !second.isAlive(),
          "the second JVM never went quiet");
      assertEquals(0, count(endpoint, DynoIT::fromParallel), "two JVMs of one dyno reported");

      Files.createFile(firstGo);
      AgentJvm.Result firstResult = first.await(60);
      assertTrue(
          endpoint.await(
              requests -> requests.stream().anyMatch(DynoIT::fromParallel), PATIENCE_MILLIS),
          "the second JVM never took over");
      Files.createFile(phases.resolve("work"));
      long parallelSoFar = count(endpoint, DynoIT::fromParallel);
      assertTrue(
          endpoint.await(
              requests ->
                  requests.stream().filter(DynoIT::fromParallel).count() >= parallelSoFar + 2,
              PATIENCE_MILLIS),
          "the second JVM stopped reporting");
      Files.createFile(phases.resolve("go"));
      AgentJvm.Result secondResult = second.await(60);

      List<Request> requests = endpoint.requests();
      assertEquals(
          List.of(),
          requests.stream()
              .filter(r -> !fromSerial(r) && !fromParallel(r))
              .collect(Collectors.toList()));
      List<Request> serial =
          requests.stream().filter(DynoIT::fromSerial).collect(Collectors.toList());
      Request takeover = requests.stream().filter(DynoIT::fromParallel).findFirst().get();
      List<Request> parallel = committed(requests, DynoIT::fromParallel);
      long firstLast = serial.get(serial.size() - 1).receivedNanos;
      assertTrue(
          takeover.receivedNanos > firstLast,
          "the second JVM reported before the first had sent its last report");

      assertEquals(0, firstResult.exitCode, firstResult.toString());
      assertEquals(0, secondResult.exitCode, secondResult.toString());
      assertEquals(List.of(), agentProblems(firstResult), firstResult.toString());
      assertEquals(List.of(), agentProblems(secondResult), "standing by is normal: no warning");
      Counts.assertAddUpExactly(firstResult.line("totals "), committed(serial, r -> true));

      // The takeover came while the second JVM was quiet: its first report has no collection.
      String quiet = secondResult.line("quiet-totals ");
      assertEquals(
          BigDecimal.ZERO,
          Counts.sum(List.of(takeover), "jvm_gc_collection_seconds_count.gc_all"),
          "the first report after the takeover carries collections from before it");
      // What the second JVM collected while standing by was never reported by anyone; what it
      // collected from the takeover on arrives exactly.
      assertTrue(
          collections(quiet) >= 10, "the second JVM did not collect while standing by: " + quiet);
      Counts.assertAddUpExactly(secondResult.line("totals "), quiet, parallel);
    }
  }

  /**
   * A sidecar JVM beside the app gets the agent too (JAVA_TOOL_OPTIONS is the dyno's), and would
   * report if it got the lock first. Started with the opt-out in its own environment, it stays idle
   * and never competes: the app reports, though the sidecar started first and checks sooner.
   */
  @Test
  void aSidecarWithTheOptOutInItsOwnEnvironmentLeavesReportingToTheApp() throws Exception {
    try (LoopbackEndpoint endpoint = new LoopbackEndpoint()) {
      Path sidecarGo = tmp.resolve("sidecar.go");
      Path appGo = tmp.resolve("app.go");
      AgentJvm.Running sidecar =
          jvm(endpoint, "-XX:+UseSerialGC", tmp)
              .env("HEROKU_METRICS_INTERVAL", "100ms")
              .env("DISABLE_HEROKU_METRICS_AGENT", "true")
              .start(FaultApp.class, "10", sidecarGo.toString(), "120000", "0");
      AgentJvm.Running app =
          jvm(endpoint, "-XX:+UseParallelGC", tmp)
              .start(FaultApp.class, "10", appGo.toString(), "120000", "0");
      assertTrue(
          endpoint.await(
              requests -> requests.stream().filter(DynoIT::fromParallel).count() >= 2,
              PATIENCE_MILLIS),
          "the app never reported");
      Files.createFile(appGo);
      AgentJvm.Result appResult = app.await(60);
      Files.createFile(sidecarGo);
      AgentJvm.Result sidecarResult = sidecar.await(60);
      assertEquals(0, appResult.exitCode, appResult.toString());
      assertEquals(0, count(endpoint, DynoIT::fromSerial), "the sidecar reported");
      assertEquals("false", sidecarResult.line("agent-thread="), "an opted-out agent is idle");
      assertFalse(
          sidecarResult.stderr.contains("component=jvm-metrics-agent"), sidecarResult.stderr);
    }
  }

  private static long collections(String totalsLine) {
    long total = 0;
    for (long[] figures : Counts.parseTotals(totalsLine).values()) {
      total += figures[0];
    }
    return total;
  }

  /**
   * The agent's own warnings and errors, but for a report that failed: on a busy machine a POST may
   * outlast its interval, and its counts then ride with the next one. A JVM's own warnings are not
   * ours to judge.
   */
  private static List<String> agentProblems(AgentJvm.Result result) {
    return Stream.of(result.stderr.split("\n"))
        .filter(line -> line.contains("component=jvm-metrics-agent"))
        .filter(line -> line.startsWith("at=warn") || line.startsWith("at=error"))
        .filter(line -> !line.contains("msg=\"report failed"))
        .collect(Collectors.toList());
  }

  private static List<Request> committed(List<Request> requests, Predicate<Request> which) {
    return requests.stream()
        .filter(which)
        .filter(r -> r.outcome == Outcome.COMMITTED)
        .collect(Collectors.toList());
  }

  /** A condition the test cannot be told about: looked at every 20 ms, for a long while. */
  private static void awaitTrue(Check condition, String failure) throws Exception {
    long giveUp = System.nanoTime() + PATIENCE_MILLIS * 1_000_000L;
    while (!condition.holds()) {
      assertTrue(System.nanoTime() - giveUp < 0, failure);
      Thread.sleep(20);
    }
  }

  private interface Check {
    boolean holds() throws Exception;
  }

  /** Where the agent jar's JVMs put the lock for {@code url}: beside the jar. */
  private static Path lockBesideTheJar(String url) {
    return AgentJvm.AGENT_JAR
        .toAbsolutePath()
        .getParent()
        .resolve(ReportLock.fileName(Endpoint.parse(url)));
  }

  @Test
  void javaVersionNeverReportsNorTakesTheLock() throws Exception {
    try (LoopbackEndpoint endpoint = new LoopbackEndpoint()) {
      String url = endpoint.url("/metrics/dyno");
      for (int i = 0; i < 3; i++) {
        AgentJvm.Result result =
            new AgentJvm()
                .env("HEROKU_METRICS_URL", url)
                .env("TMPDIR", tmp.toString())
                .jvmOption("-Djava.io.tmpdir=" + tmp)
                .runJava(60, "-version");
        assertEquals(0, result.exitCode, result.toString());
        assertTrue(result.stderr.contains("version"), result.toString());
        assertFalse(result.stderr.contains("jvm-metrics-agent"), result.toString());
      }
      // No lock was ever taken, beside the jar or in either tmpdir; and no report goes out
      // without the lock.
      assertFalse(Files.exists(lockBesideTheJar(url), LinkOption.NOFOLLOW_LINKS));
      try (Stream<Path> files = Files.list(tmp)) {
        assertEquals(
            List.of(),
            files
                .map(Path::toString)
                .filter(f -> f.endsWith(".lock"))
                .collect(Collectors.toList()));
      }
      assertEquals(0, endpoint.connectionsAccepted());
    }
  }

  @Test
  void aSymbolicLinkInPlaceOfTheLockIsOneClearLineAndNoReportsUntilItIsGone() throws Exception {
    Path go = tmp.resolve("go");
    Path target = tmp.resolve("link-target");
    try (LoopbackEndpoint endpoint = new LoopbackEndpoint()) {
      String url = endpoint.url("/metrics/dyno?token=tok3n");
      Path lock = lockBesideTheJar(url);
      Files.createSymbolicLink(lock, target);
      try {
        AgentJvm.Running running =
            new AgentJvm()
                .env("HEROKU_METRICS_URL", url)
                .env("HEROKU_METRICS_INTERVAL", "100ms")
                .start(FaultApp.class, "50", go.toString(), "120000", "0");
        awaitTrue(
            () -> running.stderrSoFar().contains("at=error") || !running.isAlive(),
            "no line about the lock");
        assertFalse(Files.exists(target, LinkOption.NOFOLLOW_LINKS), "the link was followed");
        assertEquals(0, endpoint.connectionsAccepted());
        Files.delete(lock); // What the line asks for.
        assertTrue(
            endpoint.await(requests -> !requests.isEmpty(), PATIENCE_MILLIS),
            "reporting never resumed");
        Files.createFile(go);
        AgentJvm.Result result = running.await(60);
        assertEquals(0, result.exitCode, result.toString());
        List<String> lines =
            Stream.of(result.stderr.split("\n"))
                .filter(line -> line.contains("component=jvm-metrics-agent"))
                .filter(line -> line.contains("lock")) // Not a report that outlasted its interval.
                .collect(Collectors.toList());
        assertEquals(2, lines.size(), result.stderr);
        assertTrue(lines.get(0).startsWith("at=error"), lines.get(0));
        assertTrue(lines.get(0).contains("not a regular file"), lines.get(0));
        assertTrue(lines.get(1).startsWith("at=info"), lines.get(1));
        assertFalse(result.stderr.contains("tok3n"), result.stderr);
      } finally {
        Files.deleteIfExists(lock);
      }
    }
  }
}
