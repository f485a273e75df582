package dev.jvmmetrics.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The agent's side of the dyno-start rules: every row of {@code test/fixtures/start-rules.tsv} (the
 * table the profile script and the exec.d program are tested against too, its header explains the
 * columns) read through {@link Settings#fromEnvironment} and {@link HerokuAgentCheck}, in the order
 * {@code ReportingLoop.run} asks them.
 */
class StartRulesTest {
  private static final String TABLE = "test/fixtures/start-rules.tsv";

  @TestFactory
  List<DynamicTest> everyRowOfTheTable() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    List<String> lines = Files.readAllLines(table(), StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] fields = line.split("\t", -1);
      String expected = fields[1];
      if (expected.equals("-")) {
        continue;
      }
      Map<String, String> env = environment(Arrays.copyOfRange(fields, 2, fields.length));
      String name = "line " + (i + 1) + ": " + expected + " " + String.join(" ", env.keySet());
      tests.add(DynamicTest.dynamicTest(name, () -> assertEquals(expected, outcome(env), line)));
    }
    assertFalse(tests.isEmpty(), TABLE + " has no rows");
    return tests;
  }

  /** What the agent does in {@code env}, named as in the table's second column. */
  private static String outcome(Map<String, String> env) {
    ByteArrayOutputStream logged = new ByteArrayOutputStream();
    Settings settings = Settings.fromEnvironment(env, new Log(new PrintStream(logged, true)));
    String log = new String(logged.toByteArray(), StandardCharsets.UTF_8);
    if (settings == null) {
      if (log.isEmpty()) {
        return "idle";
      }
      assertTrue(log.startsWith("at=error component=jvm-metrics-agent "), log);
      assertEquals(1, log.split("\n", -1).length - 1, "one line: " + log);
      return "explains";
    }
    if (!log.isEmpty()) {
      assertTrue(log.startsWith("at=warn component=jvm-metrics-agent "), log);
      assertEquals(1, log.split("\n", -1).length - 1, "one line: " + log);
      return "warns";
    }
    // The JVM's input arguments hold JAVA_TOOL_OPTIONS, and JAVA_OPTS when the start command
    // passes it (Heroku's do).
    List<String> arguments = new ArrayList<>();
    for (String variable : new String[] {"JAVA_TOOL_OPTIONS", "JAVA_OPTS"}) {
      String value = env.get(variable);
      if (value != null && !value.trim().isEmpty()) {
        arguments.addAll(Arrays.asList(value.trim().split("\\s+")));
      }
    }
    return HerokuAgentCheck.loaded(null, arguments) ? "stands-by" : "reports";
  }

  /** The VAR=value columns of a row as an environment, escapes decoded. */
  private static Map<String, String> environment(String[] pairs) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String pair : pairs) {
      int equals = pair.indexOf('=');
      assertTrue(equals > 0, "not VAR=value: " + pair);
      env.put(pair.substring(0, equals), decode(pair.substring(equals + 1)));
    }
    return env;
  }

  private static String decode(String value) {
    String decoded =
        value
            .replace("\\s", " ")
            .replace("\\t", "\t")
            .replace("\\n", "\n")
            .replace("\\r", "\r")
            .replace("\\v", "\u000B")
            .replace("\\f", "\f")
            .replace("\\e", "\u001B");
    assertFalse(decoded.contains("\\"), "unknown escape in " + value);
    return decoded;
  }

  /** The table, found from the project root above the module's directory. */
  private static Path table() {
    for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(TABLE);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError(TABLE + " not found above " + Paths.get("").toAbsolutePath());
  }
}
