package dev.jvmmetrics.agent;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HerokuAgentCheckTest {
  private static final List<String> NO_ARGUMENTS = Collections.emptyList();

  @TempDir Path classPath;

  /** A loader over {@link #classPath} alone (no parent but the boot loader). */
  private URLClassLoader loader() throws IOException {
    return new URLClassLoader(new URL[] {classPath.toUri().toURL()}, null);
  }

  private void addResource(String name) throws IOException {
    Path file = classPath.resolve(name);
    Files.createDirectories(file.getParent());
    Files.write(file, new byte[] {(byte) 0xca, (byte) 0xfe});
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "com/heroku/agent/metrics/MetricsAgent.class",
        "com/heroku/agent/MetricsAgent.class"
      })
  void herokusPremainClassOnTheClassPathMeansLoaded(String resource) throws IOException {
    addResource(resource);
    try (URLClassLoader loader = loader()) {
      assertTrue(HerokuAgentCheck.loaded(loader, NO_ARGUMENTS));
    }
  }

  @Test
  void otherClassesOnTheClassPathDoNot() throws IOException {
    addResource("com/heroku/agent/metrics/Reporter.class");
    addResource("dev/jvmmetrics/agent/AgentMain.class");
    try (URLClassLoader loader = loader()) {
      assertFalse(HerokuAgentCheck.loaded(loader, NO_ARGUMENTS));
    }
  }

  @Test
  void herokusJarAsAJavaagentArgumentMeansLoaded() throws IOException {
    try (URLClassLoader loader = loader()) {
      assertTrue(
          HerokuAgentCheck.loaded(
              loader,
              Arrays.asList("-Xmx1g", "-javaagent:/app/.heroku/bin/heroku-metrics-agent.jar")));
      assertTrue(
          HerokuAgentCheck.loaded(
              loader,
              Collections.singletonList(
                  "-javaagent:/layers/heroku_jvm/a/heroku-metrics-agent.jar=x")));
    }
  }

  @Test
  void otherArgumentsDoNot() throws IOException {
    try (URLClassLoader loader = loader()) {
      assertFalse(
          HerokuAgentCheck.loaded(
              loader,
              Arrays.asList(
                  "-javaagent:/app/.heroku/jvm-metrics/jvm-metrics-agent.jar",
                  "-agentpath:/app/.heroku/jvm-metrics/libjvmmetrics-x86_64.so=/app/a.jar",
                  "-Dnote=heroku-metrics-agent.jar")));
    }
  }

  @Test
  void noLoaderIsNoAnswerNotAFailure() {
    assertFalse(HerokuAgentCheck.loaded(null, NO_ARGUMENTS));
  }

  @Test
  void thisTestJvmHasNoHerokuAgent() {
    assertFalse(HerokuAgentCheck.loadedInThisJvm());
  }
}
