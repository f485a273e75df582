package dev.jvmmetrics.preview.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmmetrics.preview.aggregate.Formation;
import dev.jvmmetrics.preview.aggregate.MutableClock;
import dev.jvmmetrics.preview.ingest.DynoName;
import dev.jvmmetrics.preview.ingest.Report;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TerminalSummaryTest {
  private static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");
  private static final double MB = 1024 * 1024;

  private final MutableClock clock = new MutableClock(T0);
  private final Formation formation =
      new Formation(clock, Duration.ofSeconds(1), Duration.ofMinutes(1), 10);

  @Test
  void sayWhenThereIsNothingYet() {
    assertTrue(TerminalSummary.format(formation, T0).contains("no reports yet"));
  }

  @Test
  void oneRowPerProcessTypeFromItsLatestPeriod() throws Exception {
    for (int second = 0; second < 3; second++) {
      report("web.1", second, 10 * MB, 10, 0.002);
      report("web.2", second, 30 * MB, 20, 0.004);
      report("worker.1", second, 5 * MB, 7, 0);
    }
    clock.set(T0.plusMillis(2500));

    String[] lines = TerminalSummary.format(formation, clock.instant()).split("\n");

    assertEquals(5, lines.length);
    assertTrue(lines[0].startsWith("12:00:02 UTC"), lines[0]);
    String web = lines[3];
    assertTrue(web.matches("\\s+web\\s+2/2\\s+30\\.0/20\\.0 .*"), web);
    assertTrue(web.contains(" 6.00 "), "6 ms of pauses per second across the dynos: " + web);
    assertTrue(web.contains(" 0.30 "), "0.3 % of 2 s of wall time: " + web);
    assertTrue(web.endsWith("10/15/20/30"), "threads min/avg/max/sum: " + web);
    assertTrue(lines[4].matches("\\s+worker\\s+1/1\\s+5\\.0/5\\.0 .*"), lines[4]);
  }

  private void report(String dyno, int second, double heap, double threads, double pause)
      throws Exception {
    formation.accept(
        new Report(
            DynoName.parse(dyno),
            T0.plusMillis(second * 1000L + 100),
            Map.of("jvm_memory_bytes_used.area_heap", heap, "jvm_threads_current", threads),
            Map.of("jvm_gc_pause_seconds_sum", pause)));
  }
}
