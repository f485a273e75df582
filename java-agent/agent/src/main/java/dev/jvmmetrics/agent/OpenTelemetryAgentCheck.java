package dev.jvmmetrics.agent;

import java.util.List;

/**
 * Tells whether the OpenTelemetry Java agent is loaded in this JVM, by whatever route: {@code
 * JAVA_TOOL_OPTIONS}, {@code JAVA_OPTS}, a {@code -javaagent:} on the command line, or attached
 * later. It exports the JVM's runtime metrics over OTLP itself, so this agent's OTLP export would
 * double every series; the Heroku destination is not affected.
 *
 * <p>Asked once, on the agent's thread when the first report is due. Two signs, either enough: the
 * JVM puts every agent jar on the system class path (attached ones too), so the OpenTelemetry
 * agent's Premain-Class is a resource there; and its jar's usual name in the input arguments. A
 * resource lookup loads and initialises nothing.
 */
final class OpenTelemetryAgentCheck {
  /** The OpenTelemetry Java agent's Premain-Class and Agent-Class, as a class path resource. */
  static final String AGENT_CLASS = "io/opentelemetry/javaagent/OpenTelemetryAgent.class";

  /** The jar name the OpenTelemetry project publishes the agent under. */
  static final String JAR_NAME = "opentelemetry-javaagent";

  private OpenTelemetryAgentCheck() {}

  /** Whether the OpenTelemetry Java agent is loaded in this JVM; false when that cannot be told. */
  static boolean loadedInThisJvm() {
    return loaded(ClassLoader.getSystemClassLoader(), JavaAgentOptions.inputArguments());
  }

  /** The test seam: the class loader to look in, and the JVM's input arguments. */
  static boolean loaded(ClassLoader loader, List<String> inputArguments) {
    try {
      if (loader != null && loader.getResource(AGENT_CLASS) != null) {
        return true;
      }
    } catch (RuntimeException e) {
      // A class loader that cannot answer says nothing either way.
    }
    for (String jar : JavaAgentOptions.jarNames(inputArguments)) {
      if (jar.contains(JAR_NAME)) {
        return true;
      }
    }
    return false;
  }
}
