package dev.jvmmetrics.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HerokuAgentCheckTest {
  private static final List<String> NO_ARGUMENTS = Collections.emptyList();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "-javaagent:/app/.heroku/bin/heroku-metrics-agent.jar",
        "-javaagent:/layers/heroku_jvm/a/heroku-metrics-agent.jar=x",
        "-javaagent:heroku-metrics-agent.jar",
        "-javaagent:/opt/heroku-java-metrics-agent-4.0.1.jar"
      })
  void herokusJarAsAJavaagentArgumentMeansLoaded(String argument) {
    assertTrue(HerokuAgentCheck.loaded(null, Arrays.asList("-Xmx1g", argument)));
  }

  @Test
  void otherArgumentsDoNot() {
    assertFalse(
        HerokuAgentCheck.loaded(
            null,
            Arrays.asList(
                "-javaagent:/app/.heroku/jvm-metrics/jvm-metrics-agent.jar",
                "-javaagent:/app/other.jar=/x/heroku-metrics-agent.jar",
                "-agentpath:/app/.heroku/jvm-metrics/libjvmmetrics-x86_64.so=/app/a.jar",
                "-Dnote=heroku-metrics-agent.jar")));
  }

  /** Java 8 appends every -javaagent: jar to the system class path string. */
  @Test
  void herokusJarOnTheClassPathStringMeansLoaded() {
    String sep = File.pathSeparator;
    assertTrue(
        HerokuAgentCheck.loaded(
            "." + sep + "/app/.heroku/bin/heroku-metrics-agent.jar", NO_ARGUMENTS));
    assertTrue(HerokuAgentCheck.loaded("/x/heroku-java-metrics-agent-3.14.jar", NO_ARGUMENTS));
    assertFalse(
        HerokuAgentCheck.loaded(
            "." + sep + "/app/target/app.jar" + sep + sep + "/app/heroku-metrics-agent.jar.txt",
            NO_ARGUMENTS));
  }

  @Test
  void nothingToReadIsNoAnswerNotAFailure() {
    assertFalse(HerokuAgentCheck.loaded(null, NO_ARGUMENTS));
    assertFalse(HerokuAgentCheck.loaded("", NO_ARGUMENTS));
  }

  @Test
  void javaToolOptionsSplitAsTheJvmSplitsThem() {
    assertEquals(
        Arrays.asList("-javaagent:/a/heroku-metrics-agent.jar", "-Xmx1g"),
        JavaAgentOptions.words(" -javaagent:/a/heroku-metrics-agent.jar \t-Xmx1g "));
    assertEquals(Collections.emptyList(), JavaAgentOptions.words(null));
    assertEquals(Collections.emptyList(), JavaAgentOptions.words("  "));
  }

  @Test
  void thisTestJvmHasNoHerokuAgent() {
    assertFalse(HerokuAgentCheck.loadedInThisJvm());
  }
}
