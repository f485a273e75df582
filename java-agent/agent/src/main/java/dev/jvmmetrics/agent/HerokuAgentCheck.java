package dev.jvmmetrics.agent;

import java.lang.management.ManagementFactory;
import java.util.Collections;
import java.util.List;

/**
 * Tells whether Heroku's own JVM metrics agent (heroku/heroku-java-metrics-agent) is loaded in this
 * JVM too, by whatever route: {@code JAVA_TOOL_OPTIONS}, {@code JAVA_OPTS}, or a {@code
 * -javaagent:} on a Procfile's {@code java} command line, which no start-up script can see. Two
 * agents would report every metric to the same URL twice, so when it is there this one stands by.
 *
 * <p>Asked once, on the agent's thread when the first report is due, never on the start-up path.
 * Two signs, either enough: the JVM puts every {@code -javaagent:} jar on the system class path, so
 * the Premain-Class of Heroku's agent (3.x and 4.x) is a resource there; and its jar, named {@code
 * heroku-metrics-agent.jar} by Heroku's buildpacks, appears in the JVM's input arguments.
 */
final class HerokuAgentCheck {
  /** The Premain-Class entries Heroku's agent has shipped with, as class path resources. */
  static final String[] PREMAIN_CLASSES = {
    "com/heroku/agent/metrics/MetricsAgent.class", "com/heroku/agent/MetricsAgent.class"
  };

  /** The jar name heroku/java and heroku/jvm install Heroku's agent under. */
  static final String JAR_NAME = "heroku-metrics-agent.jar";

  private HerokuAgentCheck() {}

  /** Whether Heroku's agent is loaded in this JVM; false when that cannot be told. */
  static boolean loadedInThisJvm() {
    return loaded(ClassLoader.getSystemClassLoader(), inputArguments());
  }

  /** The test seam: the class loader to look in, and the JVM's input arguments. */
  static boolean loaded(ClassLoader loader, List<String> inputArguments) {
    for (String resource : PREMAIN_CLASSES) {
      try {
        // A resource lookup: Heroku's class is never loaded, let alone initialised, by us.
        if (loader != null && loader.getResource(resource) != null) {
          return true;
        }
      } catch (RuntimeException e) {
        // A class loader that cannot answer says nothing either way.
      }
    }
    for (String argument : inputArguments) {
      if (argument.startsWith("-javaagent:") && argument.contains(JAR_NAME)) {
        return true;
      }
    }
    return false;
  }

  private static List<String> inputArguments() {
    try {
      return ManagementFactory.getRuntimeMXBean().getInputArguments();
    } catch (RuntimeException | Error e) {
      // No management (a stripped runtime, a SecurityManager): the class path check still stands.
      return Collections.emptyList();
    }
  }
}
