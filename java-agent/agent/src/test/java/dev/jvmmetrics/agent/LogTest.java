package dev.jvmmetrics.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

/** One logfmt line per event on the agent's stream; debug lines only when switched on. */
class LogTest {
  @Test
  void logsOneLogfmtLineWithQuotedValues() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Log log = new Log(new PrintStream(out, true));
    log.warn("report failed", "reason", "Connection refused", "status", 503, "q", "say \"hi\"");
    log.debug("hidden");
    assertEquals(
        "at=warn component=jvm-metrics-agent msg=\"report failed\" reason=\"Connection refused\""
            + " status=503 q=\"say \\\"hi\\\"\"\n",
        out.toString());
  }

  @Test
  void logsDebugOnlyWhenEnabled() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Log log = new Log(new PrintStream(out, true));
    log.enableDebug(true);
    log.debug("delivered", "bytes", 700);
    assertEquals("at=debug component=jvm-metrics-agent msg=delivered bytes=700\n", out.toString());
  }
}
