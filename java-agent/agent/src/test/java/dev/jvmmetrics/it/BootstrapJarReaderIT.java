package dev.jvmmetrics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmmetrics.testing.AgentJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bootstrap reads the agent jar's zip structures itself, in the JVM's process, to define the
 * agent's classes (bootstrap.c, {@code find_directory} and {@code find_stored}): no corrupted jar
 * may make it read outside the file. {@code src/test/c/jar_reader_fuzz.c} runs that code, built
 * with AddressSanitizer and UndefinedBehaviorSanitizer, over thousands of corrupted copies of the
 * built jar; a stray read stops it with the sanitizer's report.
 */
class BootstrapJarReaderIT {
  private static final Pattern SUMMARY =
      Pattern.compile("(\\d+) iterations, (\\d+) directories, (\\d+) entries read");

  @TempDir Path dir;

  @Test
  void noCorruptedJarMakesTheReaderLeaveTheFile() throws Exception {
    Path program = dir.resolve("jar_reader_fuzz");
    String include = Paths.get(System.getProperty("java.home"), "include").toString();
    run(
        60,
        "gcc",
        "-std=c11",
        "-g",
        "-O1",
        "-Wall",
        "-Wextra",
        "-Werror",
        "-fsanitize=address,undefined",
        "-fno-sanitize-recover=all",
        "-I" + include,
        "-I" + include + "/linux",
        "-Isrc/main/c",
        "-o",
        program.toString(),
        "src/test/c/jar_reader_fuzz.c");
    String output = run(300, program.toString(), AgentJvm.AGENT_JAR.toString(), "30000");
    Matcher summary = SUMMARY.matcher(output);
    assertTrue(summary.find(), output);
    // The corruptions leave many jars readable: the reader was exercised, not only refused.
    assertTrue(Long.parseLong(summary.group(2)) > 10_000, output);
    assertTrue(Long.parseLong(summary.group(3)) > 10_000, output);
  }

  /** Runs a command in the module's directory; fails with its output unless it exits 0. */
  private String run(long timeoutSeconds, String... command)
      throws IOException, InterruptedException {
    Path log = dir.resolve("output.txt");
    Process process =
        new ProcessBuilder(List.of(command))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    boolean ended = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
    if (!ended) {
      process.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertTrue(ended, "timed out: " + String.join(" ", command) + "\n" + output);
    assertEquals(0, process.exitValue(), String.join(" ", command) + "\n" + output);
    return output;
  }
}
