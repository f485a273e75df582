package dev.jvmmetrics.agent;

import java.io.File;
import java.util.List;

/**
 * Tells whether Heroku's own JVM metrics agent (heroku/heroku-java-metrics-agent) is loaded in this
 * JVM too, by whatever route: {@code JAVA_TOOL_OPTIONS}, {@code JAVA_OPTS}, or a {@code
 * -javaagent:} on a Procfile's {@code java} command line, which no start-up script can see. Two
 * agents would report every metric to the same URL twice, so when it is there this one stands by.
 *
 * <p>Asked once, on the agent's thread when the first report is due, never on the start-up path.
 * Heroku's agent is only ever loaded by a {@code -javaagent:} option, and every such option is in
 * the JVM's input arguments, wherever it was given (the command line, {@code JAVA_TOOL_OPTIONS},
 * {@code JDK_JAVA_OPTIONS}, an options file): a {@code -javaagent:} naming Heroku's jar ({@code
 * heroku-metrics-agent.jar} as Heroku's buildpacks install it, or {@code
 * heroku-java-metrics-agent...jar} as its own build and Maven Central name it) means it is there.
 * Without the management API to read them, {@code JAVA_TOOL_OPTIONS} is read instead, and the
 * system class path string, which Java 8 extends with every agent's jar.
 *
 * <p>No class path resource lookup: the system class loader searches the JDK's modules first, which
 * opens the module image (22 classes and a 1 MB mapping on JDK 17) just to answer "no".
 */
final class HerokuAgentCheck {
  /** The jar name heroku/java and heroku/jvm install Heroku's agent under. */
  static final String JAR_NAME = "heroku-metrics-agent.jar";

  /**
   * The start of the jar's name as its own build ({@code .jar}) and Maven Central ({@code
   * -VERSION.jar}) name it.
   */
  static final String MAVEN_JAR_PREFIX = "heroku-java-metrics-agent";

  private HerokuAgentCheck() {}

  /** Whether Heroku's agent is loaded in this JVM; false when that cannot be told. */
  static boolean loadedInThisJvm() {
    String classPath;
    try {
      classPath = System.getProperty("java.class.path");
    } catch (SecurityException e) {
      classPath = null; // A SecurityManager that hides it: the input arguments still stand.
    }
    return loaded(classPath, JavaAgentOptions.inputArguments());
  }

  /** The test seam: the system class path string (or null), and the JVM's input arguments. */
  static boolean loaded(String classPath, List<String> inputArguments) {
    for (String jar : JavaAgentOptions.jarNames(inputArguments)) {
      if (isHerokusJar(jar)) {
        return true;
      }
    }
    if (classPath != null) {
      int start = 0;
      while (start <= classPath.length()) {
        int end = classPath.indexOf(File.pathSeparatorChar, start);
        end = end < 0 ? classPath.length() : end;
        if (isHerokusJar(classPath.substring(start, end))) {
          return true;
        }
        start = end + 1;
      }
    }
    return false;
  }

  /** Whether the file name of {@code path} is one Heroku's agent jar ships under. */
  static boolean isHerokusJar(String path) {
    String name = JavaAgentOptions.fileName(path);
    return name.equals(JAR_NAME) || (name.startsWith(MAVEN_JAR_PREFIX) && name.endsWith(".jar"));
  }
}
