package dev.jvmmetrics.agent;

import dev.jvmmetrics.agent.platform.PlatformBeans;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code -javaagent:} jars this JVM was started with, wherever the options came from (the
 * command line, {@code JAVA_TOOL_OPTIONS}, {@code JDK_JAVA_OPTIONS}, an options file): every one is
 * in the JVM's input arguments. Read by the checks for the other agents this one must not report
 * beside ({@link HerokuAgentCheck}, {@link OpenTelemetryAgentCheck}), once, on the agent's thread.
 */
final class JavaAgentOptions {
  private static final String JAVAAGENT = "-javaagent:";

  private JavaAgentOptions() {}

  /**
   * The JVM's input arguments; without the management API to read them, {@code JAVA_TOOL_OPTIONS},
   * the route a buildpack would have used.
   */
  static List<String> inputArguments() {
    try {
      return PlatformBeans.runtime().getInputArguments();
    } catch (RuntimeException | Error e) {
      try {
        return words(System.getenv("JAVA_TOOL_OPTIONS"));
      } catch (SecurityException denied) {
        return words(null);
      }
    }
  }

  /** The file name of each {@code -javaagent:} jar in {@code inputArguments}, options left off. */
  static List<String> jarNames(List<String> inputArguments) {
    List<String> names = new ArrayList<>();
    for (String argument : inputArguments) {
      if (argument.startsWith(JAVAAGENT)) {
        int options = argument.indexOf('=');
        names.add(
            fileName(
                argument.substring(JAVAAGENT.length(), options < 0 ? argument.length() : options)));
      }
    }
    return names;
  }

  /** The last element of {@code path}. */
  static String fileName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** {@code text} split at spaces and tabs, as the JVM splits {@code JAVA_TOOL_OPTIONS}. */
  static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    if (text == null) {
      return words;
    }
    int start = -1;
    for (int i = 0; i <= text.length(); i++) {
      boolean space = i == text.length() || Character.isWhitespace(text.charAt(i));
      if (space && start >= 0) {
        words.add(text.substring(start, i));
        start = -1;
      } else if (!space && start < 0) {
        start = i;
      }
    }
    return words;
  }
}
