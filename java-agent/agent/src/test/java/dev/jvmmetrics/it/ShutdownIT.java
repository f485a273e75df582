package dev.jvmmetrics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmmetrics.fixtures.FaultApp;
import dev.jvmmetrics.testing.AgentJvm;
import dev.jvmmetrics.testing.AgentJvm.Route;
import dev.jvmmetrics.testing.AgentLog;
import dev.jvmmetrics.testing.Answer;
import dev.jvmmetrics.testing.Counts;
import dev.jvmmetrics.testing.LoopbackEndpoint;
import dev.jvmmetrics.testing.LoopbackEndpoint.Outcome;
import dev.jvmmetrics.testing.LoopbackEndpoint.Request;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The last report, sent from a shutdown hook: bounded to a second in all, so a JVM whose endpoint
 * hangs still exits promptly; and serialised with a report in flight, so nothing is counted twice.
 *
 * <p>The hanging cases use a 10 s interval, so a report's own time limit is 10 s: an exit held by
 * it rather than by the hook's one-second budget takes 10 s or more, and shows against {@link
 * #EXIT_BOUND_MILLIS} however busy the machine.
 */
class ShutdownIT {
  /**
   * The guarantee is an exit within the hook's 1 s budget of main's last line; the other 5 s are
   * for a loaded machine (JVM shutdown, process reaping), and still well under the 10 s an exit
   * held by a hanging report would take.
   */
  private static final long EXIT_BOUND_MILLIS = 6_000;

  /** A report's own time limit is min(interval, 10 s): this makes it 10 s. */
  private static final String HANGING_INTERVAL = "10s";

  @TempDir Path tmp;

  private AgentJvm.Running start(
      Route route, LoopbackEndpoint endpoint, String interval, Path go, String exitCode)
      throws Exception {
    return new AgentJvm()
        .route(route)
        .env("HEROKU_METRICS_URL", endpoint.url("/metrics/shutdown"))
        .env("HEROKU_METRICS_INTERVAL", interval)
        .jvmOption("-XX:+UseSerialGC", "-Xmx96m", "-Xmn16m", "-Djava.io.tmpdir=" + tmp)
        .start(FaultApp.class, "50", go.toString(), "60000", exitCode);
  }

  private static long exitDelayMillis(AgentJvm.Result result) {
    return result.endedAtMillis - Long.parseLong(result.line("done-at-ms="));
  }

  @ParameterizedTest
  @EnumSource(Route.class)
  void whenTheEndpointHangsAtExitTheJvmStillExitsWithinASecond(Route route) throws Exception {
    try (LoopbackEndpoint endpoint = new LoopbackEndpoint()) {
      endpoint.script(request -> request.number == 1 ? Answer.ok() : Answer.hang());
      Path go = tmp.resolve("go");
      AgentJvm.Running running = start(route, endpoint, HANGING_INTERVAL, go, "0");
      assertTrue(endpoint.await(requests -> !requests.isEmpty(), 60_000), "no first report");
      Files.createFile(go); // main returns while the agent sleeps: the hook's report hangs.
      AgentJvm.Result result = running.await(60);

      assertEquals(0, result.exitCode, result.toString());
      assertTrue(
          exitDelayMillis(result) < EXIT_BOUND_MILLIS, exitDelayMillis(result) + " ms to exit");
      List<Request> requests = endpoint.requests();
      assertEquals(2, requests.size(), "one report, then the last one: " + requests);
      assertEquals(Outcome.ABANDONED, requests.get(1).outcome);
      List<String> lines = AgentLog.lines(result.stderr);
      assertEquals(1, lines.size(), result.stderr);
      assertTrue(
          lines.get(0).startsWith("at=warn") && lines.get(0).contains("last report"), lines.get(0));
    }
  }

  @ParameterizedTest
  @EnumSource(Route.class)
  void systemExitDuringAHangingReportStillExitsWithinASecond(Route route) throws Exception {
    try (LoopbackEndpoint endpoint = new LoopbackEndpoint()) {
      endpoint.script(request -> request.number == 1 ? Answer.ok() : Answer.hang());
      Path go = tmp.resolve("go");
      AgentJvm.Running running = start(route, endpoint, HANGING_INTERVAL, go, "3");
      assertTrue(endpoint.await(requests -> requests.size() == 2, 60_000), "no report in flight");
      Files.createFile(go); // System.exit(3) while the loop's report hangs.
      AgentJvm.Result result = running.await(60);

      assertEquals(3, result.exitCode, result.toString());
      assertTrue(
          exitDelayMillis(result) < EXIT_BOUND_MILLIS, exitDelayMillis(result) + " ms to exit");
      assertTrue(
          endpoint.await(
              requests -> requests.stream().allMatch(r -> r.outcome != Outcome.PENDING), 5_000));
      List<Request> requests = endpoint.requests();
      assertEquals(Outcome.ABANDONED, requests.get(1).outcome, "the report in flight was cut off");
      List<String> lines = AgentLog.lines(result.stderr);
      assertEquals(1, lines.size(), "the last report's failure only:\n" + result.stderr);
      assertTrue(lines.get(0).contains("last report"), lines.get(0));
    }
  }

  @ParameterizedTest
  @EnumSource(Route.class)
  void aReportInFlightAtExitIsWaitedForAndNothingIsCountedTwice(Route route) throws Exception {
    try (LoopbackEndpoint endpoint = new LoopbackEndpoint()) {
      // The third report is answered (200) only after 600 ms: the app exits meanwhile.
      endpoint.script(request -> request.number == 3 ? Answer.slow(600) : Answer.ok());
      Path go = tmp.resolve("go");
      AgentJvm.Running running = start(route, endpoint, "1s", go, "0");
      assertTrue(endpoint.await(requests -> requests.size() == 3, 30_000), "no third report");
      Files.createFile(go);
      AgentJvm.Result result = running.await(60);

      assertEquals(0, result.exitCode, result.toString());
      AgentLog.assertSilent(result.stderr, "every report got through");
      assertTrue(
          exitDelayMillis(result) < EXIT_BOUND_MILLIS, exitDelayMillis(result) + " ms to exit");
      List<Request> requests = endpoint.requests();
      assertEquals(4, requests.size(), "three reports, then the last one: " + requests);
      assertEquals(Outcome.COMMITTED, requests.get(2).outcome, "the report in flight got through");
      assertEquals(Outcome.COMMITTED, requests.get(3).outcome, "and so did the last one");
      assertTrue(
          requests.get(3).receivedNanos - requests.get(2).answeredNanos > 0, "one at a time");
      Counts.assertAddUpExactly(result.line("totals "), requests);
    }
  }
}
