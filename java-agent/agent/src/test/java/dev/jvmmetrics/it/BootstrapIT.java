package dev.jvmmetrics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmmetrics.fixtures.AgentThreadsApp;
import dev.jvmmetrics.testing.AgentJvm;
import dev.jvmmetrics.testing.AgentJvm.Route;
import dev.jvmmetrics.testing.AgentLog;
import dev.jvmmetrics.testing.LoopbackEndpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The native bootstrap ({@code -agentpath:libjvmmetrics-x86_64.so=<jar>}) on every JDK: it loads
 * the agent (with every collector), never stops a JVM (a broken one is one line at most and the app
 * runs), keeps {@code java -version} silent and CDS's archived module graph on, and whatever mix of
 * bootstrap and javaagent a JVM is given, the agent starts once. The end-to-end and fault suites
 * (ReportsIT, FaultSuiteIT, ShutdownIT) run through both routes as well.
 */
class BootstrapIT {
  /** The longest an app waits for its first report before it ends anyway. */
  static final String APP_MILLIS = "30000";

  /** Each POST may take one interval: not so short that a busy machine makes one fail. */
  static final String INTERVAL = "500ms";

  static final String WARNING_PREFIX =
      "at=warn component=jvm-metrics-agent msg=\"native bootstrap: ";

  @TempDir Path dir;

  /** A JDK home from a system property the build sets; fails, never skips, when it is missing. */
  static String jdkHome(String property) {
    if (property.equals("java.home")) {
      return System.getProperty("java.home");
    }
    String home = System.getProperty(property, "");
    if (home.isEmpty() || !Files.isExecutable(Paths.get(home, "bin", "java"))) {
      throw new AssertionError(
          "-D"
              + property
              + " must name a JDK (got '"
              + home
              + "'): `make java` fetches JDKs 8, 11 and 21 into .cache/ and passes their homes");
    }
    return home;
  }

  /** A JVM on the JDK that {@code property} names, with the Java 8 builds of the fixtures. */
  static AgentJvm on(String property) {
    return new AgentJvm()
        .javaHome(jdkHome(property))
        .classpath(System.getProperty("fixture.classes", "target/fixture-classes"));
  }

  /**
   * Starts {@link AgentThreadsApp} on {@code jvm}, lets it end once the first report has arrived
   * (or 30 s passed), and checks that one did.
   */
  static AgentJvm.Result runUntilFirstReport(AgentJvm jvm, LoopbackEndpoint endpoint, Path dir)
      throws Exception {
    return runUntilReports(jvm, endpoint, dir, 1);
  }

  /**
   * Starts {@link AgentThreadsApp} on {@code jvm}, lets it end once {@code reports} reports have
   * arrived (or 30 s passed), and checks that they did.
   */
  static AgentJvm.Result runUntilReports(
      AgentJvm jvm, LoopbackEndpoint endpoint, Path dir, int reports) throws Exception {
    Path go = Files.createTempDirectory(dir, "run").resolve("go");
    AgentJvm.Running running = jvm.start(AgentThreadsApp.class, APP_MILLIS, go.toString());
    boolean reported = endpoint.await(requests -> requests.size() >= reports, 30_000);
    Files.createFile(go);
    AgentJvm.Result result = running.await(60);
    assertTrue(reported, "fewer than " + reports + " report(s) arrived: " + result);
    return result;
  }

  static List<String> lines(String text) {
    return Arrays.stream(text.split("\n")).filter(l -> !l.isEmpty()).collect(Collectors.toList());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"jdk8.home", "jdk11.home", "java.home", "jdk21.home", "jdk25.home"})
  void loadsTheAgentWhichReportsOnEveryJdk(String jdk) throws Exception {
    try (LoopbackEndpoint endpoint = new LoopbackEndpoint()) {
      AgentJvm.Result result =
          runUntilFirstReport(
              on(jdk)
                  .route(Route.BOOTSTRAP)
                  .env("HEROKU_METRICS_URL", endpoint.url("/metrics/bootstrap"))
                  .env("HEROKU_METRICS_INTERVAL", INTERVAL)
                  .jvmOption("-Djava.io.tmpdir=" + dir),
              endpoint,
              dir);
      assertEquals(0, result.exitCode, result.toString());
      AgentLog.assertSilent(result.stderr, result.toString());
      // Nor a word from the JVM: putting the jar on the boot class path instead, for one, makes
      // HotSpot print a warning (on stdout) and stop sharing the app's archived classes.
      assertFalse((result.stdout + result.stderr).contains("VM warning"), result.toString());
      assertEquals("1", result.line("agent-threads="), result.toString());
    }
  }

  /** Every collector of JDK 17, the bean name its reports carry. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "-XX:+UseSerialGC gc_Copy",
        "-XX:+UseParallelGC gc_PS_Scavenge",
        "-XX:+UseG1GC gc_G1_Young_Generation",
        "-XX:+UseZGC gc_ZGC_Cycles",
        "-XX:+UseShenandoahGC gc_Shenandoah_Cycles"
      })
  void loadsTheAgentWhichReportsWithEveryCollector(String collectorAndBean) throws Exception {
    String[] parts = collectorAndBean.split(" ");
    try (LoopbackEndpoint endpoint = new LoopbackEndpoint()) {
      AgentJvm.Result result =
          runUntilFirstReport(
              new AgentJvm()
                  .route(Route.BOOTSTRAP)
                  .env("HEROKU_METRICS_URL", endpoint.url("/metrics/collector"))
                  .env("HEROKU_METRICS_INTERVAL", INTERVAL)
                  .jvmOption(parts[0], "-Xmx64m", "-Djava.io.tmpdir=" + dir),
              endpoint,
              dir);
      assertEquals(0, result.exitCode, result.toString());
      assertEquals("1", result.line("agent-threads="), result.toString());
      String body = endpoint.requests().get(0).body;
      assertTrue(
          body.contains("jvm_gc_collection_seconds_count." + parts[1]), parts[1] + " in " + body);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"jdk8.home", "jdk11.home", "java.home", "jdk21.home", "jdk25.home"})
  void javaVersionStaysSilentAndNeverReports(String jdk) throws Exception {
    try (LoopbackEndpoint endpoint = new LoopbackEndpoint()) {
      AgentJvm.Result result =
          on(jdk)
              .route(Route.BOOTSTRAP)
              .env("HEROKU_METRICS_URL", endpoint.url("/metrics/bootstrap"))
              .jvmOption("-Djava.io.tmpdir=" + dir)
              .runJava(60, "-version");
      assertEquals(0, result.exitCode, result.toString());
      assertEquals("", result.stdout, result.toString());
      for (String line : lines(result.stderr)) {
        assertTrue(
            line.contains("version") || line.contains("Runtime Environment") || line.contains("VM"),
            "java -version printed more than its version: " + result);
      }
      assertFalse(result.stderr.contains("jvm-metrics-agent"), result.toString());
      Thread.sleep(300); // Anything sent late would have arrived by now.
      assertEquals(0, endpoint.connectionsAccepted());
    }
  }

  /**
   * The reason the bootstrap exists: any -javaagent turns CDS's archived module graph off (JDK 16+;
   * JDK 8 has none, and JDK 11 archives no module graph). Checked both ways, so a change in the log
   * line would fail the test rather than pass it.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"java.home", "jdk25.home"})
  void keepsTheArchivedModuleGraphThatAJavaagentTurnsOff(String jdk) throws Exception {
    AgentJvm.Result bootstrap =
        on(jdk).route(Route.BOOTSTRAP).jvmOption("-Xlog:cds").run(AgentThreadsApp.class, 60, "0");
    assertEquals(0, bootstrap.exitCode, bootstrap.toString());
    assertTrue(
        bootstrap.stdout.contains("full module graph: enabled"),
        "with the bootstrap: " + bootstrap);
    AgentJvm.Result javaagent =
        on(jdk).route(Route.JAVAAGENT).jvmOption("-Xlog:cds").run(AgentThreadsApp.class, 60, "0");
    assertTrue(
        javaagent.stdout.contains("full module graph: disabled"),
        "with the javaagent: " + javaagent);
  }
}
