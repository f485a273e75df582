package dev.jvmmetrics.agent;

import java.util.List;

/**
 * Tells whether the OpenTelemetry Java agent is loaded in this JVM, by whatever route: {@code
 * JAVA_TOOL_OPTIONS}, {@code JAVA_OPTS}, a {@code -javaagent:} on the command line under any jar
 * name, or attached later. It exports the JVM's runtime metrics over OTLP itself, so this agent's
 * OTLP export would double every series; the Heroku destination is not affected.
 *
 * <p>Asked once, on the agent's thread when the first report is due, long after every agent's
 * {@code premain} has run. Two signs, either enough: its jar's usual name among the input
 * arguments; and its Premain-Class, which the JVM loads through the system class loader for every
 * route, found there without being initialised. That class is asked for by name rather than looked
 * up as a class path resource: the system class loader searches the JDK's modules for a resource
 * first, which opens the module image (23 classes and a 1 MB mapping on JDK 17) to find nothing,
 * while a class already loaded is answered from the loader's own table.
 */
final class OpenTelemetryAgentCheck {
  /** The OpenTelemetry Java agent's Premain-Class and Agent-Class. */
  static final String AGENT_CLASS = "io.opentelemetry.javaagent.OpenTelemetryAgent";

  /** The jar name the OpenTelemetry project publishes the agent under. */
  static final String JAR_NAME = "opentelemetry-javaagent";

  private OpenTelemetryAgentCheck() {}

  /** Whether the OpenTelemetry Java agent is loaded in this JVM; false when that cannot be told. */
  static boolean loadedInThisJvm() {
    return loaded(ClassLoader.getSystemClassLoader(), JavaAgentOptions.inputArguments());
  }

  /** The test seam: the class loader to look in, and the JVM's input arguments. */
  static boolean loaded(ClassLoader loader, List<String> inputArguments) {
    for (String jar : JavaAgentOptions.jarNames(inputArguments)) {
      if (jar.contains(JAR_NAME)) {
        return true;
      }
    }
    if (loader == null) {
      return false;
    }
    try {
      Class.forName(AGENT_CLASS, false, loader); // Not initialised: nothing of it runs.
      return true;
    } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
      // Not there, or only a class file that cannot be defined: no agent ran from it.
      return false;
    }
  }
}
