package dev.jvmmetrics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmmetrics.fixtures.FaultApp;
import dev.jvmmetrics.testing.AgentJvm;
import dev.jvmmetrics.testing.AgentLog;
import dev.jvmmetrics.testing.Answer;
import dev.jvmmetrics.testing.LoopbackEndpoint;
import dev.jvmmetrics.testing.LoopbackEndpoint.Request;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Configuration as the app's JVM sees it: a bad value is one clear line naming the variable, and
 * the app runs exactly as without the agent; debug adds one line per report.
 */
class ConfigIT {
  @TempDir Path tmp;

  /** Runs the app for about a second: ample time for the agent to read its settings. */
  private AgentJvm.Result runBriefly(AgentJvm jvm) throws Exception {
    Path never = tmp.resolve("never-created");
    return jvm.jvmOption("-Djava.io.tmpdir=" + tmp)
        .run(FaultApp.class, 60, "20", never.toString(), "600", "0");
  }

  private static void assertOneLineNaming(AgentJvm.Result result, String level, String variable) {
    assertEquals(0, result.exitCode, result.toString());
    List<String> lines = FaultSuiteIT.lines(result.stderr, "");
    assertEquals(1, lines.size(), result.stderr);
    assertTrue(
        lines.get(0).startsWith("at=" + level + " component=jvm-metrics-agent"), lines.get(0));
    assertTrue(lines.get(0).contains(variable), lines.get(0));
    for (String secret : FaultSuiteIT.SECRETS) {
      assertFalse(lines.get(0).contains(secret), lines.get(0));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://exa mple.com/metrics/s3cret",
        "file:///etc/passwd",
        "ftp://user:hunter2@example.com/s3cret",
        "jar:file:/app.jar!/s3cret",
        "http:///metrics/s3cret",
        "http://:8080/metrics",
        "https://example.com:99999/s3cret",
        "http://example.com:port/s3cret",
        "metrics.example.com/s3cret"
      })
  void aBadUrlIsOneLineAndAnIdleAgent(String url) throws Exception {
    AgentJvm.Result result =
        runBriefly(
            new AgentJvm().env("HEROKU_METRICS_URL", url).env("HEROKU_METRICS_INTERVAL", "100ms"));
    assertOneLineNaming(result, "error", "HEROKU_METRICS_URL");
    assertEquals("false", result.line("agent-thread="), "an idle agent has no thread");
    assertTrue(result.stdout.contains("work-ms="), result.toString());
  }

  /** A brief run with a working endpoint and {@code DISABLE_HEROKU_METRICS_AGENT=value}. */
  private AgentJvm.Result runWithOptOut(LoopbackEndpoint endpoint, String value) throws Exception {
    return runBriefly(
        new AgentJvm()
            .env("HEROKU_METRICS_URL", endpoint.url("/m"))
            .env("HEROKU_METRICS_INTERVAL", "100ms")
            .env("DISABLE_HEROKU_METRICS_AGENT", value));
  }

  @Test
  void anUnrecognisedOptOutIsOneLineAndAnIdleAgent() throws Exception {
    try (LoopbackEndpoint endpoint = new LoopbackEndpoint()) {
      AgentJvm.Result result = runWithOptOut(endpoint, "maybe");
      assertOneLineNaming(result, "error", "DISABLE_HEROKU_METRICS_AGENT");
      assertEquals("false", result.line("agent-thread="));
      assertEquals(0, endpoint.connectionsAccepted());
    }
  }

  @Test
  void optingOutIsSilent() throws Exception {
    try (LoopbackEndpoint endpoint = new LoopbackEndpoint()) {
      AgentJvm.Result result = runWithOptOut(endpoint, "On");
      AgentLog.assertSilent(result.stderr, "nothing went wrong");
      assertEquals("false", result.line("agent-thread="));
      assertEquals(0, endpoint.connectionsAccepted());
    }
  }

  @Test
  void aBadIntervalIsOneLineAndTheDefaultFiveSecondsIsUsed() throws Exception {
    try (LoopbackEndpoint endpoint = new LoopbackEndpoint()) {
      Path go = tmp.resolve("go");
      long start = System.nanoTime();
      AgentJvm.Running running =
          new AgentJvm()
              .env("HEROKU_METRICS_URL", endpoint.url("/m"))
              .env("HEROKU_METRICS_INTERVAL", "50ms")
              .jvmOption("-Djava.io.tmpdir=" + tmp)
              .start(FaultApp.class, "20", go.toString(), "60000", "0");
      assertTrue(endpoint.await(requests -> !requests.isEmpty(), 30_000), "no report at all");
      long firstAfterMillis = (endpoint.requests().get(0).receivedNanos - start) / 1_000_000L;
      Files.createFile(go);
      AgentJvm.Result result = running.await(60);
      assertOneLineNaming(result, "warn", "HEROKU_METRICS_INTERVAL");
      assertTrue(result.stderr.contains("reporting every 5s instead"), result.stderr);
      assertTrue(firstAfterMillis >= 4_500, "first report after " + firstAfterMillis + " ms");
    }
  }

  @Test
  void debugLogsOneLinePerReportAndNeverTheSecret() throws Exception {
    try (LoopbackEndpoint endpoint = new LoopbackEndpoint()) {
      endpoint.script(
          request ->
              request.number == 3
                  ? Answer.status(500)
                  : request.number == 5 ? Answer.status(400) : Answer.ok());
      Path go = tmp.resolve("go");
      AgentJvm.Running running =
          new AgentJvm()
              .env(
                  "HEROKU_METRICS_URL",
                  endpoint.userInfoUrl(FaultSuiteIT.USER_INFO, FaultSuiteIT.PATH))
              // Each report then has 1 s: at 150 ms, a busy machine made the first one (Jackson
              // loading on the clock) time out before it was sent, so the endpoint saw one fewer.
              .env("HEROKU_METRICS_INTERVAL", "1s")
              .env("HEROKU_METRICS_DEBUG", "true")
              .jvmOption("-Djava.io.tmpdir=" + tmp)
              .start(FaultApp.class, "20", go.toString(), "60000", "0");
      assertTrue(endpoint.await(requests -> requests.size() >= 7, 30_000), "too few reports");
      Files.createFile(go);
      AgentJvm.Result result = running.await(60);
      List<Request> requests = endpoint.requests();

      FaultSuiteIT.assertLogsAreOneLinersWithoutSecrets(result.stderr);
      List<String> perReport =
          FaultSuiteIT.lines(result.stderr, "at=debug component=jvm-metrics-agent msg=\"report ");
      assertEquals(requests.size(), perReport.size(), result.stderr);
      assertEquals(
          1, FaultSuiteIT.lines(result.stderr, "msg=\"report failed\"").size(), result.stderr);
      assertEquals(
          1, FaultSuiteIT.lines(result.stderr, "msg=\"report refused\"").size(), result.stderr);
      assertEquals(1, FaultSuiteIT.lines(result.stderr, "agent started").size(), result.stderr);
      assertTrue(result.stderr.contains("endpoint=http://127.0.0.1:"), result.stderr);
    }
  }
}
