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
      report("web.1", second, 10 * MB, 10, 0.002, 0.003);
      report("web.2", second, 30 * MB, 20, 0.004, 0.006);
      report("worker.1", second, 5 * MB, 7, 0, 0.001);
    }
    clock.set(T0.plusMillis(2500));

    String[] lines = TerminalSummary.format(formation, clock.instant()).split("\n");

    assertEquals(5, lines.length);
    assertTrue(lines[0].startsWith("12:00:02 UTC"), lines[0]);
    String web = lines[3];
    assertTrue(web.matches("\\s+web\\s+2/2\\s+30\\.0/20\\.0 .*"), web);
    assertTrue(
        web.contains(" 6.00/9.00 "),
        "6 ms of GC pauses and 9 ms at safepoints per second across the dynos: " + web);
    assertTrue(web.contains(" 0.30/0.45 "), "0.3 % and 0.45 % of 2 s of wall time: " + web);
    assertTrue(web.endsWith("10/15/20/30"), "threads min/avg/max/sum: " + web);
    assertTrue(lines[4].matches("\\s+worker\\s+1/1\\s+5\\.0/5\\.0 .*"), lines[4]);
  }

  @Test
  void withoutSafepointCountersTheStopColumnSaysSo() throws Exception {
    for (int second = 0; second < 3; second++) {
      formation.accept(
          new Report(
              DynoName.parse("web.1"),
              T0.plusMillis(second * 1000L + 100),
              Map.of("jvm_threads_current", 5.0),
              Map.of("jvm_gc_pause_seconds_sum", 0.002)));
    }
    clock.set(T0.plusMillis(2500));
    String web = TerminalSummary.format(formation, clock.instant()).split("\n")[3];
    assertTrue(web.contains(" 2.00/- "), "no safepoint figure: " + web);
  }

  private void report(
      String dyno, int second, double heap, double threads, double pause, double stopped)
      throws Exception {
    formation.accept(
        new Report(
            DynoName.parse(dyno),
            T0.plusMillis(second * 1000L + 100),
            Map.of("jvm_memory_bytes_used.area_heap", heap, "jvm_threads_current", threads),
            Map.of("jvm_gc_pause_seconds_sum", pause, "jvm_safepoint_seconds_sum", stopped)));
  }
}
