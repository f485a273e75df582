package dev.jvmmetrics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmmetrics.fixtures.AgentThreadsApp;
import dev.jvmmetrics.testing.AgentJvm;
import dev.jvmmetrics.testing.AgentJvm.Route;
import dev.jvmmetrics.testing.LoopbackEndpoint;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
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
  private static final String APP_MILLIS = "30000";

  /** Each POST may take one interval: not so short that a busy machine makes one fail. */
  private static final String INTERVAL = "500ms";

  private static final String WARNING_PREFIX =
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

  static List<String> lines(String text) {
    return Arrays.stream(text.split("\n")).filter(l -> !l.isEmpty()).collect(Collectors.toList());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"jdk8.home", "jdk11.home", "java.home", "jdk21.home", "jdk25.home"})
  void loadsTheAgentWhichReportsOnEveryJdk(String jdk) throws Exception {
    try (LoopbackEndpoint endpoint = new LoopbackEndpoint()) {
      AgentJvm.Running running =
          on(jdk)
              .route(Route.BOOTSTRAP)
              .env("HEROKU_METRICS_URL", endpoint.url("/metrics/bootstrap"))
              .env("HEROKU_METRICS_INTERVAL", INTERVAL)
              .jvmOption("-Djava.io.tmpdir=" + dir)
              .start(AgentThreadsApp.class, APP_MILLIS, dir.resolve("go").toString());
      boolean reported = endpoint.await(requests -> !requests.isEmpty(), 30_000);
      Files.createFile(dir.resolve("go"));
      AgentJvm.Result result = running.await(60);
      assertTrue(reported, "no report arrived: " + result);
      assertEquals(0, result.exitCode, result.toString());
      assertEquals("", result.stderr, result.toString());
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
      AgentJvm.Running running =
          new AgentJvm()
              .route(Route.BOOTSTRAP)
              .env("HEROKU_METRICS_URL", endpoint.url("/metrics/collector"))
              .env("HEROKU_METRICS_INTERVAL", INTERVAL)
              .jvmOption(parts[0], "-Xmx64m", "-Djava.io.tmpdir=" + dir)
              .start(AgentThreadsApp.class, APP_MILLIS, dir.resolve("go").toString());
      boolean reported = endpoint.await(requests -> !requests.isEmpty(), 30_000);
      Files.createFile(dir.resolve("go"));
      AgentJvm.Result result = running.await(60);
      assertTrue(reported, "no report arrived: " + result);
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

  /** A jar the bootstrap is pointed at, broken in one way. */
  enum BrokenJar {
    MISSING("cannot open the agent jar"),
    UNREADABLE("cannot open the agent jar"),
    NOT_A_JAR("cannot open the agent jar"),
    WRONG_CLASSES("the jar has no class dev.jvmmetrics.agent.AgentMain"),
    NONE_GIVEN("no agent jar given");

    final String says;

    BrokenJar(String says) {
      this.says = says;
    }

    /** The -agentpath: option for this case, its files made under {@code dir}. */
    String option(Path dir) throws IOException {
      Path jar = dir.resolve(name().toLowerCase() + ".jar");
      switch (this) {
        case MISSING:
          break;
        case UNREADABLE:
          Files.copy(AgentJvm.AGENT_JAR, jar);
          Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("---------"));
          if (Files.isReadable(jar)) {
            // Root reads any file whatever its mode: a directory cannot be read as a jar by anyone.
            Files.delete(jar);
            Files.createDirectory(jar);
          }
          break;
        case NOT_A_JAR:
          Files.write(jar, "not a zip file\n".getBytes(StandardCharsets.UTF_8));
          break;
        case WRONG_CLASSES:
          writeJar(jar, "other/Main.class", new byte[] {(byte) 0xca, (byte) 0xfe}, null);
          break;
        case NONE_GIVEN:
          return "-agentpath:" + AgentJvm.BOOTSTRAP.toAbsolutePath();
        default:
          throw new AssertionError(this);
      }
      return "-agentpath:" + AgentJvm.BOOTSTRAP.toAbsolutePath() + "=" + jar;
    }
  }

  static Stream<Arguments> brokenJarsOnJdks() {
    List<Arguments> cases = new ArrayList<>();
    for (BrokenJar broken : BrokenJar.values()) {
      for (String jdk : new String[] {"jdk8.home", "java.home", "jdk25.home"}) {
        cases.add(Arguments.of(broken, jdk));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("brokenJarsOnJdks")
  void aBrokenBootstrapIsOneLineAndTheAppRunsOn(BrokenJar broken, String jdk) throws Exception {
    AgentJvm.Result result =
        on(jdk)
            .withoutAgent()
            .env("HEROKU_METRICS_URL", "http://127.0.0.1:9/never")
            .jvmOption(broken.option(dir))
            .run(AgentThreadsApp.class, 60, "500");
    assertEquals(0, result.exitCode, result.toString());
    assertEquals("done", result.line("app "), result.toString());
    assertEquals("0", result.line("agent-threads="), result.toString());
    List<String> lines = lines(result.stderr);
    assertEquals(1, lines.size(), "one line, no more: " + result);
    assertTrue(lines.get(0).startsWith(WARNING_PREFIX + broken.says), result.toString());
    assertTrue(lines.get(0).contains("HEROKU_METRICS_BOOTSTRAP=javaagent"), result.toString());
  }

  /** Every mix of routes the agent can arrive by, given on one command line. */
  static Stream<Arguments> mixes() {
    return Stream.of(
        Arguments.of("bootstrap twice", List.of("bootstrap", "bootstrap")),
        Arguments.of("two copies of the bootstrap", List.of("bootstrap", "bootstrap-copy")),
        Arguments.of("bootstrap, then javaagent", List.of("bootstrap", "javaagent")),
        Arguments.of("javaagent, then bootstrap", List.of("javaagent", "bootstrap")),
        Arguments.of("javaagent twice", List.of("javaagent", "javaagent")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mixes")
  void whateverTheMixTheAgentStartsOnce(String name, List<String> routes) throws Exception {
    Path copy = dir.resolve("copy/libjvmmetrics-x86_64.so");
    Files.createDirectories(copy.getParent());
    Files.copy(AgentJvm.BOOTSTRAP, copy);
    List<String> options = new ArrayList<>();
    for (String route : routes) {
      switch (route) {
        case "bootstrap":
          options.add(AgentJvm.agentOption(Route.BOOTSTRAP));
          break;
        case "bootstrap-copy":
          options.add("-agentpath:" + copy + "=" + AgentJvm.AGENT_JAR.toAbsolutePath());
          break;
        default:
          options.add(AgentJvm.agentOption(Route.JAVAAGENT));
      }
    }
    try (LoopbackEndpoint endpoint = new LoopbackEndpoint()) {
      AgentJvm.Running running =
          new AgentJvm()
              .withoutAgent()
              .env("HEROKU_METRICS_URL", endpoint.url("/metrics/mix"))
              .env("HEROKU_METRICS_INTERVAL", INTERVAL)
              .jvmOption(options.toArray(new String[0]))
              .jvmOption("-Djava.io.tmpdir=" + dir)
              .start(AgentThreadsApp.class, APP_MILLIS, dir.resolve("go").toString());
      boolean reported = endpoint.await(requests -> !requests.isEmpty(), 30_000);
      Files.createFile(dir.resolve("go"));
      AgentJvm.Result result = running.await(60);
      assertTrue(reported, "no report arrived: " + result);
      assertEquals(0, result.exitCode, result.toString());
      assertEquals("1", result.line("agent-threads="), result.toString());
      assertNoBootstrapWarningOrError(result);
    }
  }

  @Test
  void theBootstrapFromJavaToolOptionsAndAJavaagentByHandStartTheAgentOnce() throws Exception {
    try (LoopbackEndpoint endpoint = new LoopbackEndpoint()) {
      AgentJvm.Running running =
          new AgentJvm()
              .route(Route.JAVAAGENT)
              .env("JAVA_TOOL_OPTIONS", AgentJvm.agentOption(Route.BOOTSTRAP))
              .env("HEROKU_METRICS_URL", endpoint.url("/metrics/mix"))
              .env("HEROKU_METRICS_INTERVAL", INTERVAL)
              .jvmOption("-Djava.io.tmpdir=" + dir)
              .start(AgentThreadsApp.class, APP_MILLIS, dir.resolve("go").toString());
      boolean reported = endpoint.await(requests -> !requests.isEmpty(), 30_000);
      Files.createFile(dir.resolve("go"));
      AgentJvm.Result result = running.await(60);
      assertTrue(reported, "no report arrived: " + result);
      assertEquals(0, result.exitCode, result.toString());
      assertEquals(
          "Picked up JAVA_TOOL_OPTIONS: " + AgentJvm.agentOption(Route.BOOTSTRAP),
          lines(result.stderr).get(0));
      assertEquals("1", result.line("agent-threads="), result.toString());
      assertNoBootstrapWarningOrError(result);
    }
  }

  /**
   * Neither a bootstrap failure nor an agent error. (A busy machine may make a report time out,
   * which the agent rightly logs: that says nothing about how it was loaded.)
   */
  static void assertNoBootstrapWarningOrError(AgentJvm.Result result) {
    assertFalse(result.stderr.contains("native bootstrap"), result.toString());
    assertFalse(result.stderr.contains("at=error"), result.toString());
  }

  /**
   * Heroku's agent given on the {@code java} command line, as a Procfile does, where no start-up
   * script can see it: ours stands by, however it was loaded, with one debug line at most.
   */
  @ParameterizedTest
  @EnumSource(Route.class)
  void herokusOwnAgentOnTheCommandLineMakesThisOneStandBy(Route route) throws Exception {
    Path herokuJar = fakeHerokuAgent(dir);
    for (String debug : new String[] {"false", "true"}) {
      try (LoopbackEndpoint endpoint = new LoopbackEndpoint()) {
        AgentJvm.Result result =
            new AgentJvm()
                .route(route)
                .env("HEROKU_METRICS_URL", endpoint.url("/metrics/both"))
                .env("HEROKU_METRICS_INTERVAL", INTERVAL)
                .env("HEROKU_METRICS_DEBUG", debug)
                .jvmOption("-javaagent:" + herokuJar, "-Djava.io.tmpdir=" + dir)
                .run(AgentThreadsApp.class, 60, "2000");
        assertEquals(0, result.exitCode, result.toString());
        assertEquals("premain ran", result.line("heroku "), result.toString());
        List<String> lines = lines(result.stderr);
        if (debug.equals("true")) {
          assertEquals(1, lines.size(), result.toString());
          assertTrue(lines.get(0).startsWith("at=debug component=jvm-metrics-agent"), lines.get(0));
          assertTrue(lines.get(0).contains("stands by"), lines.get(0));
        } else {
          assertEquals(List.of(), lines, result.toString());
        }
        assertEquals(0, endpoint.connectionsAccepted(), "this agent reported beside Heroku's");
      }
    }
  }

  /**
   * A stand-in for Heroku's agent jar: its Premain-Class, {@code
   * com.heroku.agent.metrics.MetricsAgent}, only prints that it ran. Compiled here rather than kept
   * among the test classes, which the other ITs' JVMs have on their class path.
   */
  static Path fakeHerokuAgent(Path dir) throws IOException {
    Path source = dir.resolve("src/com/heroku/agent/metrics/MetricsAgent.java");
    Files.createDirectories(source.getParent());
    Files.write(
        source,
        ("package com.heroku.agent.metrics;\n"
                + "public class MetricsAgent {\n"
                + "  public static void premain(String args) {\n"
                + "    System.out.println(\"heroku premain ran\");\n"
                + "  }\n"
                + "}\n")
            .getBytes(StandardCharsets.UTF_8));
    Path classes = Files.createDirectories(dir.resolve("classes"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int status =
        javac.run(null, null, null, "--release", "8", "-d", classes.toString(), source.toString());
    assertEquals(0, status, "javac failed on the fake Heroku agent");
    Path jar = dir.resolve("heroku-metrics-agent.jar");
    byte[] premain =
        Files.readAllBytes(classes.resolve("com/heroku/agent/metrics/MetricsAgent.class"));
    writeJar(
        jar,
        "com/heroku/agent/metrics/MetricsAgent.class",
        premain,
        "com.heroku.agent.metrics.MetricsAgent");
    return jar;
  }

  static void writeJar(Path jar, String entry, byte[] bytes, String premainClass)
      throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    if (premainClass != null) {
      manifest.getMainAttributes().putValue("Premain-Class", premainClass);
    }
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, manifest)) {
      out.putNextEntry(new JarEntry(entry));
      out.write(bytes);
      out.closeEntry();
    }
  }
}
