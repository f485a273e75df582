package dev.jvmmetrics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmmetrics.fixtures.FaultApp;
import dev.jvmmetrics.testing.AgentJvm;
import dev.jvmmetrics.testing.AgentJvm.Route;
import dev.jvmmetrics.testing.AgentLog;
import dev.jvmmetrics.testing.Counts;
import dev.jvmmetrics.testing.LoopbackEndpoint;
import dev.jvmmetrics.testing.LoopbackEndpoint.Outcome;
import dev.jvmmetrics.testing.LoopbackEndpoint.Request;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fault suite: a real JVM with the agent against an endpoint that misbehaves for a few reports,
 * then recovers (the {@link FaultCase cases}). For each: the app's own timing and exit are as
 * without the agent (within a generous margin: this is not a benchmark), the reporter is alive
 * afterwards, the failure and the recovery are each logged once with no secret shown, and the
 * per-collector counts the endpoint took add up exactly to the JVM's own totals at exit.
 */
class FaultSuiteIT {
  static final String USER_INFO = "agent:hunter2";
  static final String PATH = "/metrics/s3cret?token=tok3n";
  static final String[] SECRETS = {"hunter2", "s3cret", "tok3n"};
  static final String WORK_MB = "400";

  @TempDir static Path dir;
  private static AgentJvm.Result baseline;

  static AgentJvm app(LoopbackEndpoint endpoint, String interval, Route route) {
    return new AgentJvm()
        .route(route)
        .env("HEROKU_METRICS_URL", endpoint.userInfoUrl(USER_INFO, PATH))
        .env("HEROKU_METRICS_INTERVAL", interval)
        .jvmOption("-XX:+UseSerialGC", "-Xmx96m", "-Xmn16m", "-Djava.io.tmpdir=" + dir);
  }

  /** The app without the agent, once: what "unaffected" is measured against. */
  @BeforeAll
  static void runWithoutTheAgent() throws Exception {
    Path trigger = Files.createFile(dir.resolve("baseline.go"));
    baseline =
        new AgentJvm()
            .withoutAgent()
            .jvmOption("-XX:+UseSerialGC", "-Xmx96m", "-Xmn16m")
            .run(FaultApp.class, 60, WORK_MB, trigger.toString(), "60000", "0");
    assertEquals(0, baseline.exitCode, baseline.toString());
  }

  /** Every fault, with the agent loaded each way. */
  static Stream<Arguments> cases() {
    return FaultCase.all().stream()
        .flatMap(fault -> Stream.of(Route.values()).map(route -> Arguments.of(fault, route)));
  }

  @ParameterizedTest(name = "{0} via {1}")
  @MethodSource("cases")
  void theAppIsUnaffectedAndEveryCountArrivesOnce(FaultCase fault, Route route) throws Exception {
    try (LoopbackEndpoint endpoint = new LoopbackEndpoint();
        LoopbackEndpoint elsewhere = new LoopbackEndpoint()) {
      endpoint.script(request -> fault.answer(request.number, elsewhere));
      Path trigger = dir.resolve(fault.name + " via " + route + ".go");
      AgentJvm.Running running =
          app(endpoint, fault.interval, route)
              .start(FaultApp.class, WORK_MB, trigger.toString(), "60000", "0");
      long faultsOverNanos = fault.during(endpoint);
      boolean recovered =
          endpoint.await(
              requests -> committedAfter(requests, fault.lastFault(), faultsOverNanos) >= 2,
              45_000);
      Files.createFile(trigger);
      AgentJvm.Result result = running.await(60);
      List<Request> requests = endpoint.requests();
      String story = result + "--- requests\n" + requests;
      assertTrue(recovered, "no delivery after the faults:\n" + story);

      assertAppUnaffected(result);
      assertEquals("true", result.line("agent-thread="), "the reporter died:\n" + story);
      assertLogsAreOneLinersWithoutSecrets(result.stderr);
      for (Request request : requests) {
        assertEquals(
            "Basic "
                + Base64.getEncoder().encodeToString(USER_INFO.getBytes(StandardCharsets.UTF_8)),
            request.headers.get("authorization"));
      }
      for (int n = fault.firstFault; n <= fault.lastFault(); n++) {
        assertTrue(requests.size() >= n, "the endpoint never saw fault #" + n + ":\n" + story);
      }
      List<Request> taken = endpoint.requests(Outcome.COMMITTED);
      if (fault.payloadRefused) {
        taken.addAll(refused(requests)); // The endpoint saw these too, and said they were wrong.
      }
      Counts.assertAddUpExactly(result.line("totals "), taken);
      fault.check.accept(new FaultCase.Run(result, requests, elsewhere));
    }
  }

  /** Committed requests after the last scripted fault and after {@code sinceNanos}. */
  static long committedAfter(List<Request> requests, int lastFault, long sinceNanos) {
    return requests.stream()
        .filter(r -> r.number > lastFault && r.outcome == Outcome.COMMITTED)
        .filter(r -> r.receivedNanos - sinceNanos > 0)
        .count();
  }

  static List<Request> refused(List<Request> requests) {
    List<Request> refused = new ArrayList<>();
    for (Request request : requests) {
      if (request.outcome == Outcome.ANSWERED && request.answer.status == 400) {
        refused.add(request);
      }
    }
    return refused;
  }

  /**
   * The app's own work took about as long as without the agent, and it exited as promptly after its
   * last line: generous margins, since other work shares this machine; a stalled main thread or a
   * held exit (seconds to minutes) still shows.
   */
  static void assertAppUnaffected(AgentJvm.Result result) {
    assertEquals(0, result.exitCode, result.toString());
    long work = Long.parseLong(result.line("work-ms="));
    long baselineWork = Long.parseLong(baseline.line("work-ms="));
    assertTrue(
        work <= baselineWork * 3 + 1_500,
        "work took " + work + " ms with the agent, " + baselineWork + " ms without");
    long exitDelay = result.endedAtMillis - Long.parseLong(result.line("done-at-ms="));
    long baselineExit = baseline.endedAtMillis - Long.parseLong(baseline.line("done-at-ms="));
    assertTrue(
        exitDelay <= baselineExit + 3_000,
        "exit took " + exitDelay + " ms after main's last line, " + baselineExit + " ms without");
  }

  /** The agent's lines are logfmt one-liners without secrets, and nothing else is the agent's. */
  static void assertLogsAreOneLinersWithoutSecrets(String stderr) {
    assertEquals(List.of(), AgentLog.strays(stderr), "not a log line:\n" + stderr);
    for (String line : AgentLog.lines(stderr)) {
      assertTrue(line.startsWith("at="), "not a logfmt line: " + line);
      assertTrue(line.contains(" component=jvm-metrics-agent "), line);
      for (String secret : SECRETS) {
        assertFalse(line.contains(secret), "a secret in the log: " + line);
      }
    }
  }

  /**
   * The agent's lines in {@code stderr} that contain {@code text}; the JVM's own are not counted.
   */
  static List<String> lines(String stderr, String text) {
    return AgentLog.lines(stderr, text);
  }

  /** {@code failed_reports=N} from the recovery line. */
  static int failedReports(String stderr) {
    Matcher matcher = Pattern.compile("failed_reports=(\\d+)").matcher(stderr);
    assertTrue(matcher.find(), "no recovery line:\n" + stderr);
    return Integer.parseInt(matcher.group(1));
  }
}
