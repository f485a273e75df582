package dev.jvmmetrics.agent.report;

import dev.jvmmetrics.agent.AgentMain;
import java.io.File;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.util.Map;

/**
 * Where the one-reporter lock file goes: a directory every JVM of the dyno names the same, whatever
 * options each was started with.
 *
 * <ol>
 *   <li>The directory of the agent jar itself: every JVM of the dyno loads the same installed jar
 *       ({@code $HOME/.heroku/jvm-metrics/} on classic dynos, the launch layer on CNB), so they all
 *       find the same directory, and it belongs to the app.
 *   <li>Else {@code $TMPDIR}, when set to an absolute path: the environment is what the JVMs of a
 *       dyno share, inherited from the dyno's start.
 *   <li>Else {@code /tmp}.
 * </ol>
 *
 * <p>The first that is a writable directory wins. {@code java.io.tmpdir} is never used: launchers
 * set it per JVM (Tomcat's {@code catalina.sh} passes {@code
 * -Djava.io.tmpdir=$CATALINA_BASE/temp}), so two JVMs of one dyno would lock two files and both
 * report. The jar's directory is not writable where the app runs as another user than the one that
 * installed it, as on CNB images whose build and run users differ (layers are owned by the build
 * user); the fallbacks cover that.
 */
final class LockDirectory {
  private static final Path LAST_RESORT = Paths.get("/tmp");

  private LockDirectory() {}

  /** The directory for this JVM: beside the agent jar, or the fallbacks above. */
  static Path forThisJvm(Map<String, String> env) {
    return choose(agentJar(), env);
  }

  /**
   * The first writable directory of: {@code agentJar}'s directory (when known), {@code $TMPDIR}
   * (when absolute), {@code /tmp}; {@code /tmp} when none is, so that the lock's failure names it.
   */
  static Path choose(Path agentJar, Map<String, String> env) {
    if (agentJar != null && usable(agentJar.getParent())) {
      return agentJar.getParent();
    }
    String tmpdir = env.get("TMPDIR");
    if (tmpdir != null && !tmpdir.isEmpty()) {
      Path path = Paths.get(tmpdir);
      if (path.isAbsolute() && usable(path)) {
        return path;
      }
    }
    return LAST_RESORT;
  }

  private static boolean usable(Path directory) {
    if (directory == null) {
      return false;
    }
    // java.io.File rather than Files.isWritable: no NIO access-mode classes, no exception.
    File file = directory.toFile();
    return file.isDirectory() && file.canWrite();
  }

  /**
   * The jar the agent was loaded from, or null when that cannot be told. Both ways the agent is
   * loaded put the jar on the system class path ({@code -javaagent:} by the JVM, the native
   * bootstrap by JVMTI's {@code AddToSystemClassLoaderSearch}), so {@link AgentMain}, the first
   * class of the agent's that either loads, carries the jar as its code source. Not this class: the
   * bootstrap may have defined it from the jar's bytes, without one ({@code PreloadedClasses}).
   */
  static Path agentJar() {
    try {
      CodeSource source = AgentMain.class.getProtectionDomain().getCodeSource();
      URL location = source == null ? null : source.getLocation();
      if (location == null || !"file".equals(location.getProtocol())) {
        return null;
      }
      Path path = Paths.get(location.toURI());
      return Files.isRegularFile(path) ? path : null; // A directory: classes, not the jar.
    } catch (Exception | LinkageError e) {
      return null; // A SecurityManager, or a location no path names: use the fallbacks.
    }
  }
}
