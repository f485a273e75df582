package dev.jvmmetrics.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a fixture class in a fresh JVM with the built agent jar (as a javaagent or through the
 * native bootstrap: {@link Route}), a controlled environment (nothing inherited but PATH), and
 * stdout/stderr captured.
 */
public final class AgentJvm {
  /** The agent jar built by this Maven run (set by failsafe). */
  public static final Path AGENT_JAR =
      Paths.get(System.getProperty("agent.jar", "../lib/jvm-metrics-agent.jar"));

  /**
   * The native bootstrap built by this Maven run (set by failsafe; the native-bootstrap profile
   * builds it on x86_64 with gcc).
   */
  public static final Path BOOTSTRAP =
      Paths.get(System.getProperty("bootstrap.so", "../lib/libjvmmetrics-x86_64.so"));

  /** How the agent is loaded into the JVM. */
  public enum Route {
    /** {@code -javaagent:<jar>}, the fallback. */
    JAVAAGENT,
    /** {@code -agentpath:<bootstrap>=<jar>}, the default where the bootstrap fits. */
    BOOTSTRAP
  }

  private final Map<String, String> env = new LinkedHashMap<>();
  private Route route = Route.JAVAAGENT;
  private final List<String> jvmOptions = new ArrayList<>();
  private String javaHome = System.getProperty("java.home");
  private boolean withAgent = true;
  private String classpath = System.getProperty("test.classes", "target/test-classes");

  public AgentJvm env(String name, String value) {
    env.put(name, value);
    return this;
  }

  public AgentJvm jvmOption(String... options) {
    jvmOptions.addAll(Arrays.asList(options));
    return this;
  }

  public AgentJvm javaHome(String home) {
    javaHome = home;
    return this;
  }

  /** Where the fixture classes come from (default: the test classes, Java 17 bytecode). */
  public AgentJvm classpath(String path) {
    classpath = path;
    return this;
  }

  /** Loads the agent by {@code route} (default: {@link Route#JAVAAGENT}). */
  public AgentJvm route(Route route) {
    this.route = route;
    return this;
  }

  /** The option that loads the agent by {@code route}; fails when the bootstrap was not built. */
  public static String agentOption(Route route) {
    String jar = AGENT_JAR.toAbsolutePath().toString();
    if (route == Route.JAVAAGENT) {
      return "-javaagent:" + jar;
    }
    if (!Files.isRegularFile(BOOTSTRAP)) {
      throw new AssertionError(
          "no native bootstrap at "
              + BOOTSTRAP.toAbsolutePath()
              + ": the Maven build makes it with gcc on x86_64 (profile native-bootstrap)");
    }
    return "-agentpath:" + BOOTSTRAP.toAbsolutePath() + "=" + jar;
  }

  public AgentJvm withoutAgent() {
    withAgent = false;
    return this;
  }

  /** A finished JVM's exit status and output. */
  public static final class Result {
    public final int exitCode;
    public final String stdout;
    public final String stderr;
    public final long elapsedMillis;

    /** When this test saw the JVM exit ({@link System#currentTimeMillis()}). */
    public final long endedAtMillis;

    Result(int exitCode, String stdout, String stderr, long elapsedMillis, long endedAtMillis) {
      this.exitCode = exitCode;
      this.stdout = stdout;
      this.stderr = stderr;
      this.elapsedMillis = elapsedMillis;
      this.endedAtMillis = endedAtMillis;
    }

    /** The stdout line that starts with {@code prefix}, without the prefix; the last one wins. */
    public String line(String prefix) {
      String found = null;
      for (String line : stdout.split("\n")) {
        if (line.startsWith(prefix)) {
          found = line.substring(prefix.length());
        }
      }
      if (found == null) {
        throw new AssertionError("no line starting with '" + prefix + "' in:\n" + this);
      }
      return found;
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
  }

  /** A JVM started by {@link #start}, still running or not. */
  public static final class Running {
    private final Process process;
    private final Path out;
    private final Path err;
    private final long startNanos;

    Running(Process process, Path out, Path err, long startNanos) {
      this.process = process;
      this.out = out;
      this.err = err;
      this.startNanos = startNanos;
    }

    public long pid() {
      return process.pid();
    }

    public boolean isAlive() {
      return process.isAlive();
    }

    /** What the JVM has written to stderr so far, for tests that wait for a line. */
    public String stderrSoFar() throws IOException {
      return read(err);
    }

    /** Waits for the JVM to exit, at most {@code timeoutSeconds}, and collects its output. */
    public Result await(long timeoutSeconds) throws IOException, InterruptedException {
      try {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
          throw new AssertionError(
              "JVM did not exit within " + timeoutSeconds + "s:\n" + read(out) + read(err));
        }
        long ended = System.currentTimeMillis();
        long elapsed = (System.nanoTime() - startNanos) / 1_000_000L;
        return new Result(process.exitValue(), read(out), read(err), elapsed, ended);
      } finally {
        process.destroyForcibly();
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    }
  }

  /** Runs {@code mainClass} with {@code args} and waits for it, at most {@code timeoutSeconds}. */
  public Result run(Class<?> mainClass, long timeoutSeconds, String... args)
      throws IOException, InterruptedException {
    return start(mainClass, args).await(timeoutSeconds);
  }

  /** Starts {@code mainClass} with {@code args} and returns at once. */
  public Running start(Class<?> mainClass, String... args) throws IOException {
    List<String> tail = new ArrayList<>();
    tail.add("-cp");
    tail.add(classpath);
    tail.add(mainClass.getName());
    tail.addAll(Arrays.asList(args));
    return launch(tail);
  }

  /** Runs {@code java [-javaagent] [options] javaArgs...}, such as {@code -version}. */
  public Result runJava(long timeoutSeconds, String... javaArgs)
      throws IOException, InterruptedException {
    return launch(Arrays.asList(javaArgs)).await(timeoutSeconds);
  }

  private Running launch(List<String> tail) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(javaHome, "bin", "java").toString());
    if (withAgent) {
      command.add(agentOption(route));
    }
    command.addAll(jvmOptions);
    if (jvmOptions.stream().noneMatch(option -> option.startsWith("-Djava.io.tmpdir="))) {
      // Whatever a JVM writes to java.io.tmpdir stays in the build directory, out of /tmp. (The
      // agent keeps its lock beside its jar, not there.)
      Path tmpdir = Files.createDirectories(Paths.get("target", "agent-jvm-tmp"));
      command.add("-Djava.io.tmpdir=" + tmpdir.toAbsolutePath());
    }
    command.addAll(tail);

    Path out = Files.createTempFile("agent-jvm", ".out");
    Path err = Files.createTempFile("agent-jvm", ".err");
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    builder.environment().putAll(env);
    builder.redirectOutput(out.toFile()).redirectError(err.toFile());
    long start = System.nanoTime();
    return new Running(builder.start(), out, err, start);
  }

  private static String read(Path file) throws IOException {
    return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
  }
}
