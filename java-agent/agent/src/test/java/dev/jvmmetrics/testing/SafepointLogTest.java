package dev.jvmmetrics.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The GC matrix's reading of each JDK's safepoint log, on lines copied from real logs. */
class SafepointLogTest {
  private static SafepointLog read(String... lines) {
    SafepointLog log = new SafepointLog();
    for (String line : lines) {
      log.add(line);
    }
    return log;
  }

  @Test
  void jdk17AndLaterPrintNanoseconds() {
    SafepointLog log =
        read(
            "[1587000000ns][safepoint] Safepoint \"G1PauseCleanup\", Time since last: 37531 ns,"
                + " Reaching safepoint: 122824 ns, Cleanup: 1392 ns, At safepoint: 426739 ns,"
                + " Total: 550955 ns",
            "[2592000000ns][safepoint] Safepoint \"Cleanup\", Time since last: 1000209893 ns,"
                + " Reaching safepoint: 56047 ns, At safepoint: 26579 ns, Total: 82626 ns");

    assertEquals(2, log.count());
    assertEquals(550_955L + 82_626L, log.totalNanos());
    assertEquals(122_824L + 56_047L, log.syncNanos());
    assertEquals(1, log.endingAfter(1_587_000_000L).count());
  }

  @Test
  void jdk11AndJdk8PrintSecondsWithSevenDecimals() {
    SafepointLog log =
        read(
            "[2805000000ns][safepoint] Entering safepoint region: Cleanup",
            "[2806000000ns][safepoint] Leaving safepoint region",
            "[2806000000ns][safepoint] Total time for which application threads were stopped:"
                + " 0.0012998 seconds, Stopping threads took: 0.0000523 seconds",
            "[5946000000ns][safepoint] Entering safepoint region: Halt",
            "0.522: Total time for which application threads were stopped: 0.0010862 seconds,"
                + " Stopping threads took: 0.0001272 seconds",
            "0.522: [Full GC (Allocation Failure)  65536K->16677K(56320K), 0.0057855 secs]");

    assertEquals(2, log.count(), "a safepoint the JVM ends by exiting prints no total");
    assertEquals(1_299_800L + 1_086_200L, log.totalNanos());
    assertEquals(52_300L + 127_200L, log.syncNanos());
    assertEquals(522_000_000L, log.safepoints.get(1).endNanos());
  }

  @Test
  void aJdk8TotalWhoseUptimeAConcurrentLineTookStillCounts() {
    // 8u372, G1 under load: the concurrent thread's record took the stopped-time line's uptime.
    SafepointLog log =
        read(
            "1.894: Total time for which application threads were stopped: 0.0032279 seconds,"
                + " Stopping threads took: 0.0000161 seconds",
            "1.905: 1.905: [GC concurrent-root-region-scan-start]",
            "Total time for which application threads were stopped: 0.0068692 seconds, Stopping"
                + " threads took: 0.0000207 seconds",
            "1.909: [GC concurrent-root-region-scan-end, 0.0043699 secs]");

    assertEquals(2, log.count());
    assertEquals(3_227_900L + 6_869_200L, log.totalNanos());
    assertEquals(1_905_000_000L, log.safepoints.get(1).endNanos());
  }
}
