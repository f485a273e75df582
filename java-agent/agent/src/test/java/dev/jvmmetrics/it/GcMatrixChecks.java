package dev.jvmmetrics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmmetrics.testing.Counts;
import dev.jvmmetrics.testing.SafepointLog;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What {@link GcMatrixIT} holds each case to (the bounds and why are in its Javadoc and in
 * docs/metrics.md): nothing lost or counted twice against the JVM's own counters, classification,
 * agreement with the JVM's own GC and safepoint logs.
 */
final class GcMatrixChecks {
  private static final Pattern RETRY_LINE =
      Pattern.compile(
          "^at=(warn|info) component=jvm-metrics-agent msg=\"(report failed; retrying with backoff,"
              + " counts are kept for the next delivery|reports delivered again; counts from the"
              + " outage included)\"");

  private GcMatrixChecks() {}

  /**
   * The delivered totals equal the JVM's own counters as the app read them just before it exited:
   * nothing lost, nothing counted twice. What the JVM did after that read (the log shows it: its
   * "late" events, usually none) may have reached the final report too, and nothing else.
   */
  private static void checkNothingLostNothingTwice(GcOutcome o) {
    String label = o.label();
    long late = o.latePauseCount;
    long collections = 0;
    long beanPauses = 0;
    long beanPauseMillis = 0;
    for (Map.Entry<String, long[]> bean : Counts.parseTotals(o.result.line("beans ")).entrySet()) {
      String suffix = bean.getKey().replace(' ', '_');
      long count = o.counter("jvm_gc_collection_seconds_count.gc_" + suffix);
      long sumNanos = o.counter("jvm_gc_collection_seconds_sum.gc_" + suffix);
      long ownCount = bean.getValue()[0];
      long ownNanos = bean.getValue()[1] * 1_000_000L;
      assertBetween(
          ownCount,
          count,
          ownCount + late + o.lateCollections,
          label + " " + suffix + ": delivered count vs the bean's own");
      assertBetween(
          ownNanos,
          sumNanos,
          late + o.lateCollections == 0 ? ownNanos : Long.MAX_VALUE,
          label + " " + suffix + ": delivered ns vs the bean's own");
      boolean cycles = bean.getKey().endsWith(" Cycles");
      boolean pauseOnly =
          bean.getKey().endsWith(" Pauses") || bean.getKey().equals("G1 Concurrent GC");
      collections += pauseOnly ? 0 : ownCount;
      beanPauses += cycles ? 0 : ownCount;
      beanPauseMillis += cycles ? 0 : bean.getValue()[1];
    }
    assertBetween(
        collections,
        o.collections,
        collections + o.lateCollections,
        label + ": gc_all vs the beans' own");
    long ownPauses = o.gcCase.perfCounters() ? o.ownPauseCount() : beanPauses;
    long ownPauseNanos = o.gcCase.perfCounters() ? o.ownPauseNanos() : beanPauseMillis * 1_000_000L;
    assertBetween(
        ownPauses,
        o.pauseCount,
        ownPauses + late,
        label + ": jvm_gc_pause_seconds_count vs the JVM's own");
    assertBetween(
        ownPauseNanos,
        o.pauseNanos,
        late == 0 ? ownPauseNanos : Long.MAX_VALUE,
        label + ": jvm_gc_pause_seconds_sum ns vs the JVM's own");
    if (!o.own.isEmpty()) {
      assertEquals(1_000_000_000L, o.own.get("sun.os.hrt.frequency"), label + ": the tick clock");
      long lateSafepoints = o.lateSafepoints.count();
      long ownCount = o.own.get("sun.rt.safepoints");
      assertBetween(
          ownCount,
          o.safepointCount,
          ownCount + lateSafepoints,
          label + ": jvm_safepoint_seconds_count vs the JVM's own");
      long ownNanos = o.ownSafepointNanos();
      long ownSync = o.own.get("sun.rt.safepointSyncTime");
      boolean none = lateSafepoints == 0;
      assertBetween(
          ownNanos,
          o.safepointNanos,
          none ? ownNanos : Long.MAX_VALUE,
          label + ": jvm_safepoint_seconds_sum ns vs the JVM's own");
      assertBetween(
          ownSync,
          o.safepointSyncNanos,
          none ? ownSync : Long.MAX_VALUE,
          label + ": jvm_safepoint_sync_seconds_sum ns vs the JVM's own");
    }
  }

  /** Stop-the-world time only among the pauses; concurrent cycles counted apart, as collections. */
  private static void checkClassification(GcOutcome o) {
    String label = o.label();
    if (o.gcCase.concurrent) {
      assertEquals(o.collections, o.concurrentCount, label + ": every cycle is a concurrent one");
      assertTrue(
          o.concurrentNanos >= o.logConcurrentPhaseNanos / 2 && o.concurrentNanos > o.pauseNanos,
          label
              + ": concurrent time "
              + o.concurrentNanos
              + " ns, log phases "
              + o.logConcurrentPhaseNanos
              + " ns, pauses "
              + o.pauseNanos
              + " ns");
    } else {
      assertEquals(
          -1, o.concurrentCount, label + ": no concurrent counter for " + o.gcCase.collector);
    }
    // The pauses hold no concurrent phase: their time stays within the log's pause time plus the
    // bound, far below what one concurrent phase would add (checkAgainstTheLog has the bound).
    if (o.logConcurrentPhaseNanos > 0) {
      assertTrue(
          o.pauseNanos <= o.logPauseNanos + o.youngAttemptNanos + o.allowedNanos(),
          label
              + ": pause time "
              + o.pauseNanos
              + " ns beside concurrent phases of "
              + o.logConcurrentPhaseNanos
              + " ns, log pauses "
              + o.logPauseNanos
              + " ns");
    }
  }

  /**
   * Agreement with the JVM's own log: counts exactly, times within the bound {@link
   * GcOutcome#allowedNanos}.
   */
  private static void checkAgainstTheLog(GcOutcome o) {
    String label = o.label();
    // Exact, but for what was still going when the app wrote its last line (usually nothing):
    // that may or may not have reached the final report.
    assertBetween(
        o.logPauseCount - o.latePauseCount,
        o.pauseCount,
        o.logPauseCount + o.youngAttempts,
        label + ": jvm_gc_pause_seconds_count vs log");
    long fewestNanos = o.logPauseNanos - o.latePauseNanos - o.allowedNanos();
    long mostNanos = o.logPauseNanos + o.youngAttemptNanos + o.allowedNanos();
    assertTrue(
        o.pauseNanos >= fewestNanos && o.pauseNanos <= mostNanos,
        label
            + ": jvm_gc_pause_seconds_sum "
            + o.pauseNanos
            + " ns vs log "
            + o.logPauseNanos
            + " ns ("
            + o.latePauseNanos
            + " ns of it late): allowed "
            + fewestNanos
            + " to "
            + mostNanos);
    assertBetween(
        o.logCollections - o.lateCollections,
        o.collections,
        o.logCollections + o.youngAttempts,
        label + ": gc_all vs log");
  }

  /** The safepoint counters against the JVM's safepoint log; absent without perf data. */
  private static void checkSafepoints(GcOutcome o) {
    String label = o.label();
    if (o.own.isEmpty()) {
      assertEquals(-1, o.safepointCount, label + ": no safepoint counters without perf data");
      return;
    }
    SafepointLog log = o.safepointLog;
    SafepointLog late = o.lateSafepoints;
    assertTrue(log.count() > 0, label + ": the safepoint log is empty");
    assertBetween(
        log.count() - late.count(),
        o.safepointCount,
        log.count(),
        label + ": jvm_safepoint_seconds_count vs log");
    long allowed = o.allowedSafepointNanos();
    assertBetween(
        log.totalNanos() - late.totalNanos() - allowed,
        o.safepointNanos,
        log.totalNanos() + allowed,
        label + ": jvm_safepoint_seconds_sum ns vs log");
    assertBetween(
        log.syncNanos() - late.syncNanos() - allowed,
        o.safepointSyncNanos,
        log.syncNanos() + allowed,
        label + ": jvm_safepoint_sync_seconds_sum ns vs log");
    // The safepoints hold every pause.
    assertTrue(
        o.safepointNanos >= o.pauseNanos,
        label
            + ": safepoint time "
            + o.safepointNanos
            + " ns < pause time "
            + o.pauseNanos
            + " ns");
  }

  private static void assertBetween(long lowest, long actual, long highest, String what) {
    assertTrue(
        actual >= lowest && actual <= highest,
        what
            + ": "
            + actual
            + ", expected "
            + (lowest == highest ? lowest : lowest + " to " + highest));
  }

  static void check(GcOutcome o) {
    String label = o.label();
    assertEquals(0, o.result.exitCode, label + ": " + o.result);
    // On a busy machine a POST can miss its deadline: the agent says so once, keeps the counts
    // and delivers them with the next report. It says nothing else.
    for (String line : o.result.stderr.split("\n")) {
      assertTrue(
          line.isEmpty() || RETRY_LINE.matcher(line).find(),
          label + ": the agent logs only a retried delivery, not: " + line);
    }
    // One report while the app runs, and the last one at exit.
    assertTrue(o.reports >= 2, label + ": only " + o.reports + " reports");
    assertTrue(o.logPauseCount > 0, label + ": the workload must pause the JVM");
    checkNothingLostNothingTwice(o);
    checkClassification(o);
    checkAgainstTheLog(o);
    checkSafepoints(o);

    for (long stack : o.stackBytes) {
      if (o.gcCase.nativeMemoryTracking()) {
        assertTrue(stack > 0 && stack < (256L << 20), label + ": thread stacks " + o.stackBytes);
      } else {
        assertEquals(-1, stack, label + ": thread stacks are only known with NMT");
      }
    }

    long main = Long.parseLong(o.result.line("main-allocated="));
    // The JVM's count is exact. The estimate sees eden fill between collections: all of it with a
    // stop-the-world collector, on ZGC and Shenandoah only what is allocated between cycles.
    double lowest = o.gcCase.exactAllocation() ? 0.99 : o.gcCase.concurrent ? 0.05 : 0.90;
    assertTrue(
        o.allocated >= lowest * main && o.allocated <= 1.05 * main + (64L << 20),
        label + ": jvm_memory_bytes_allocated " + o.allocated + ", main thread allocated " + main);
  }
}
