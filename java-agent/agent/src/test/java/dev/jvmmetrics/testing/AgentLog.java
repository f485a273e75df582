package dev.jvmmetrics.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

/**
 * The agent's own lines in a JVM's stderr. A test checks these, never that stderr is empty: the JVM
 * prints warnings of its own ("Picked up JAVA_TOOL_OPTIONS", a deprecated flag, a CDS notice on a
 * busy machine), and those are no defect of the agent's.
 */
public final class AgentLog {
  /** What every line the agent logs carries, from Java and from the native bootstrap alike. */
  public static final String COMPONENT = "component=jvm-metrics-agent";

  private AgentLog() {}

  /** The agent's log lines, in order. */
  public static List<String> lines(String stderr) {
    return lines(stderr, "");
  }

  /** The agent's log lines that contain {@code text}. */
  public static List<String> lines(String stderr, String text) {
    List<String> found = new ArrayList<>();
    for (String line : stderr.split("\n")) {
      if (line.contains(COMPONENT) && line.contains(text)) {
        found.add(line);
      }
    }
    return found;
  }

  /** Asserts the agent said nothing, in a log line or otherwise; the JVM itself may have. */
  public static void assertSilent(String stderr, String why) {
    assertEquals(List.of(), lines(stderr), why + "\n" + stderr);
    assertEquals(List.of(), strays(stderr), why + "\n" + stderr);
  }

  /**
   * Lines the agent caused that are not log lines: a stack trace through its classes, or the JVM
   * reporting an exception on its thread. There should never be any.
   */
  public static List<String> strays(String stderr) {
    List<String> found = new ArrayList<>();
    for (String line : stderr.split("\n")) {
      if (!line.contains(COMPONENT)
          && (line.contains("dev.jvmmetrics.agent.") || line.contains("\"jvm-metrics-agent"))) {
        found.add(line);
      }
    }
    return found;
  }
}
