package dev.jvmmetrics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmmetrics.fixtures.AgentThreadsApp;
import dev.jvmmetrics.testing.AgentJvm;
import dev.jvmmetrics.testing.AgentJvm.Route;
import dev.jvmmetrics.testing.AgentLog;
import dev.jvmmetrics.testing.LoopbackEndpoint;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The native bootstrap, when things go wrong or come twice: a broken one is one line and the app
 * runs; whatever mix of bootstrap and javaagent a JVM is given, the agent starts once; beside
 * Heroku's own agent, by any route, it stands by. Helpers and constants are BootstrapIT's.
 */
class BootstrapSafetyIT {
  @TempDir Path dir;

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
        BootstrapIT.on(jdk)
            .withoutAgent()
            .env("HEROKU_METRICS_URL", "http://127.0.0.1:9/never")
            .jvmOption(broken.option(dir))
            .run(AgentThreadsApp.class, 60, "500");
    assertEquals(0, result.exitCode, result.toString());
    assertEquals("done", result.line("app "), result.toString());
    assertEquals("0", result.line("agent-threads="), result.toString());
    List<String> lines = AgentLog.lines(result.stderr);
    assertEquals(1, lines.size(), "one line, no more: " + result);
    assertEquals(List.of(), AgentLog.strays(result.stderr), result.toString());
    assertTrue(
        lines.get(0).startsWith(BootstrapIT.WARNING_PREFIX + broken.says), result.toString());
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
      AgentJvm.Result result =
          BootstrapIT.runUntilFirstReport(
              new AgentJvm()
                  .withoutAgent()
                  .env("HEROKU_METRICS_URL", endpoint.url("/metrics/mix"))
                  .env("HEROKU_METRICS_INTERVAL", BootstrapIT.INTERVAL)
                  .jvmOption(options.toArray(new String[0]))
                  .jvmOption("-Djava.io.tmpdir=" + dir),
              endpoint,
              dir);
      assertEquals(0, result.exitCode, result.toString());
      assertEquals("1", result.line("agent-threads="), result.toString());
      assertNoBootstrapWarningOrError(result);
    }
  }

  @Test
  void theBootstrapFromJavaToolOptionsAndAJavaagentByHandStartTheAgentOnce() throws Exception {
    try (LoopbackEndpoint endpoint = new LoopbackEndpoint()) {
      AgentJvm.Result result =
          BootstrapIT.runUntilFirstReport(
              new AgentJvm()
                  .route(Route.JAVAAGENT)
                  .env("JAVA_TOOL_OPTIONS", AgentJvm.agentOption(Route.BOOTSTRAP))
                  .env("HEROKU_METRICS_URL", endpoint.url("/metrics/mix"))
                  .env("HEROKU_METRICS_INTERVAL", BootstrapIT.INTERVAL)
                  .jvmOption("-Djava.io.tmpdir=" + dir),
              endpoint,
              dir);
      assertEquals(0, result.exitCode, result.toString());
      assertEquals(
          "Picked up JAVA_TOOL_OPTIONS: " + AgentJvm.agentOption(Route.BOOTSTRAP),
          BootstrapIT.lines(result.stderr).get(0));
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
   * script can see it: ours stands by, however it was loaded, with one debug line at most. The
   * shortest interval, so that the first report (when the check is made) is due long before the app
   * ends, even on a busy machine.
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
                .env("HEROKU_METRICS_INTERVAL", "100ms")
                .env("HEROKU_METRICS_DEBUG", debug)
                .jvmOption("-javaagent:" + herokuJar, "-Djava.io.tmpdir=" + dir)
                .run(AgentThreadsApp.class, 60, "4000");
        assertEquals(0, result.exitCode, result.toString());
        assertEquals("premain ran", result.line("heroku "), result.toString());
        List<String> lines = AgentLog.lines(result.stderr);
        assertEquals(List.of(), AgentLog.strays(result.stderr), result.toString());
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
