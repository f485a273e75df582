package dev.jvmmetrics.it;

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
 * Runs a fixture class in a fresh JVM with the built agent jar, a controlled environment (nothing
 * inherited but PATH), and stdout/stderr captured.
 */
public final class AgentJvm {
  /** The shaded agent jar built by this Maven run (set by failsafe). */
  public static final Path AGENT_JAR = Paths.get(System.getProperty("agent.jar", "../lib/jvm-metrics-agent.jar"));

  private final Map<String, String> env = new LinkedHashMap<>();
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

    Result(int exitCode, String stdout, String stderr, long elapsedMillis) {
      this.exitCode = exitCode;
      this.stdout = stdout;
      this.stderr = stderr;
      this.elapsedMillis = elapsedMillis;
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

  /** Runs {@code mainClass} with {@code args} and waits for it, at most {@code timeoutSeconds}. */
  public Result run(Class<?> mainClass, long timeoutSeconds, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(javaHome, "bin", "java").toString());
    if (withAgent) {
      command.add("-javaagent:" + AGENT_JAR.toAbsolutePath());
    }
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classpath);
    command.add(mainClass.getName());
    command.addAll(Arrays.asList(args));

    Path out = Files.createTempFile("agent-jvm", ".out");
    Path err = Files.createTempFile("agent-jvm", ".err");
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    builder.environment().putAll(env);
    builder.redirectOutput(out.toFile()).redirectError(err.toFile());
    long start = System.nanoTime();
    Process process = builder.start();
    try {
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError(
            "JVM did not exit within " + timeoutSeconds + "s:\n" + read(out) + read(err));
      }
      long elapsed = (System.nanoTime() - start) / 1_000_000L;
      return new Result(process.exitValue(), read(out), read(err), elapsed);
    } finally {
      process.destroyForcibly();
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private static String read(Path file) throws IOException {
    return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
  }
}
