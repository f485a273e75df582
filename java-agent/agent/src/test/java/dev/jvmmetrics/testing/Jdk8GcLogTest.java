package dev.jvmmetrics.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The GC matrix's reading of JDK 8's GC log, on lines copied from real logs of 8u372. */
class Jdk8GcLogTest {
  private static List<String> names(GcLog log) {
    return log.pauses.stream().map(p -> p.name().substring(0, p.name().indexOf(' ', 6))).toList();
  }

  @Test
  void g1PausesAreReadAcrossAConcurrentRecordPrintedInsideThem() {
    GcLog log =
        Jdk8GcLog.parse(
            String.join(
                "\n",
                "0.364: [GC concurrent-root-region-scan-start]",
                "0.364: [GC concurrent-root-region-scan-end, 0.0000368 secs]",
                "0.364: [GC concurrent-mark-start]",
                "0.364: Total time for which application threads were stopped: 0.0016430 seconds,"
                    + " Stopping threads took: 0.0000295 seconds",
                "0.368: [GC pause (G1 Evacuation Pause) (young)0.369: [GC concurrent-mark-end,"
                    + " 0.0047893 secs]",
                " 57360K->43444K(65536K), 0.0021870 secs]",
                "0.376: [GC remark, 0.0011962 secs]",
                "0.377: [GC cleanup 47568K->30160K(65536K), 0.0006250 secs]",
                "0.378: [GC concurrent-cleanup-start]",
                "0.378: [GC concurrent-cleanup-end, 0.0000082 secs]",
                "0.522: [Full GC (Allocation Failure)  65536K->16677K(56320K), 0.0057855 secs]",
                "0.532: [GC cleanup, 0.0000258 secs]"));

    assertEquals(
        List.of("Pause Young", "Pause Remark", "Pause Cleanup", "Pause Full", "Pause Cleanup"),
        names(log));
    assertEquals(2_187_000L, log.pauses("Pause Young").get(0).nanos());
    assertEquals(370_187_000L, log.pauses("Pause Young").get(0).endNanos());
    assertEquals(
        2_187_000L + 1_196_200L + 625_000L + 5_785_500L + 25_800L, GcLog.wallNanos(log.pauses()));
    assertEquals(3, log.concurrentPhases);
    assertEquals(36_800L + 4_789_300L + 8_200L, log.concurrentPhaseNanos);
  }

  @Test
  void aPauseIsReadWhenAConcurrentRecordsUptimeIsPrintedInsideItsOwn() {
    // G1 on 8u372 under load: the concurrent marking thread wrote its "3.054: " between the
    // pause's "3.054" and its ": ", and its record inside the pause's.
    GcLog log =
        Jdk8GcLog.parse(
            String.join(
                "\n",
                "3.054: [GC concurrent-root-region-scan-start]",
                "3.0543.054: : [GC pause (G1 Evacuation Pause) (young)[GC"
                    + " concurrent-root-region-scan-end, 0.0000901 secs]",
                "3.054: [GC concurrent-mark-start]",
                " 53373K->41900K(65536K), 0.0020268 secs]",
                "3.057: 3.057: [GC concurrent-mark-end, 0.0030000 secs]",
                "[GC pause (G1 Evacuation Pause) (young) 50000K->40000K(65536K), 0.0010000 secs]"));

    assertEquals(List.of("Pause Young", "Pause Young"), names(log));
    assertEquals(2_026_800L + 1_000_000L, GcLog.wallNanos(log.pauses()));
    assertEquals(2, log.concurrentPhases);
  }

  @Test
  void cmsStopTheWorldPhasesArePausesAndItsConcurrentPhasesAreNot() {
    GcLog log =
        Jdk8GcLog.parse(
            String.join(
                "\n",
                "0.450: [GC (Allocation Failure)  17472K->3627K(63360K), 0.0426901 secs]",
                "0.770: [GC (CMS Initial Mark)  27096K(63360K), 0.0001649 secs]",
                "0.770: [CMS-concurrent-mark-start]",
                "0.771: [CMS-concurrent-mark: 0.001/0.001 secs]",
                "0.771: [GC (CMS Final Remark)  27096K(63360K), 0.0015621 secs]",
                "0.772: [CMS-concurrent-sweep: 0.004/0.005 secs] [Times: user=0.01 sys=0.00,"
                    + " real=0.01 secs]"));

    assertEquals(List.of("Pause Young", "Pause Init", "Pause Remark"), names(log));
    assertEquals(42_690_100L + 164_900L + 1_562_100L, GcLog.wallNanos(log.pauses()));
    assertEquals(2, log.concurrentPhases);
    assertEquals(5_000_000L, log.concurrentPhaseNanos);
  }

  @Test
  void aRecordInsideAnotherIsAPauseWhoseTimeCountsOnce() {
    GcLog log =
        Jdk8GcLog.parse(
            "1.500: [GC (Allocation Failure) 1.501: [Full GC (Allocation Failure)  60M->20M(64M),"
                + " 0.0300000 secs] 60M->20M(64M), 0.0315000 secs]");

    assertEquals(2, log.pauses.size());
    assertEquals(1, GcLog.nestedCount(log.pauses()));
    assertEquals(31_500_000L, GcLog.wallNanos(log.pauses()));
    assertEquals("Pause Full", names(log).get(1));
  }
}
