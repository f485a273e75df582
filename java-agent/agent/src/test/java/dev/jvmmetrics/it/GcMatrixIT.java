package dev.jvmmetrics.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmmetrics.fixtures.GcMatrixWorkload;
import dev.jvmmetrics.testing.Counts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Every collector on every JDK we can run, checked against the JVM's own GC log: the agent runs in
 * an app that allocates on a small heap ({@link GcMatrixWorkload}), reports to a loopback endpoint
 * every second, and the deltas it delivered, summed, must match what {@code -Xlog:gc,gc+phases}
 * printed: pause count exactly, pause time within a bound, collections exactly, concurrent time
 * kept out of pauses, every collector bean's counters exactly. A JDK a case needs that is missing
 * fails the test.
 *
 * <p>Bounds on |delivered pause time - logged pause time|: 5 % plus 0.1 ms per pause where the
 * agent reads the JVM's performance counters (tick precision; what is left is the log timing a
 * slightly wider span than the counters), plus 1 ms per collector bean where it falls back to the
 * beans' millisecond totals. The issue allows 5 % plus 1 ms per pause.
 *
 * <p>Allocated bytes are checked against the main thread's own allocation (the JVM's count of it,
 * or what its arrays add up to when the app switched that count off to make the agent estimate).
 */
class GcMatrixIT {
  private static final String JDK17 = System.getProperty("java.home");
  private static final String JDK11 = System.getProperty("jdk11.home", "");
  private static final String JDK25 = System.getProperty("jdk25.home", "");
  private static final int PARALLEL_JVMS = 2;

  @Test
  void deliveredGcFiguresMatchTheJvmsOwnLogOnEveryCollectorAndJdk() throws Exception {
    List<GcCase> cases = cases();
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_JVMS);
    List<Future<GcCase.Outcome>> running = new ArrayList<>();
    try {
      for (GcCase gcCase : cases) {
        running.add(pool.submit(gcCase::run));
      }
      List<GcCase.Outcome> outcomes = new ArrayList<>();
      for (Future<GcCase.Outcome> outcome : running) {
        outcomes.add(outcome.get());
      }
      System.out.println(GcCase.table(outcomes, (System.nanoTime() - start) / 1_000_000L));
      List<Executable> checks = new ArrayList<>();
      for (GcCase.Outcome outcome : outcomes) {
        checks.add(() -> check(outcome));
      }
      assertAll("GC matrix", checks);
    } finally {
      pool.shutdownNow();
    }
  }

  static List<GcCase> cases() {
    String jdk11 =
        requireJdk("JDK 11", JDK11, "fetched by test/support/fetch-jdk11.sh: run 'make java'");
    String jdk25 = requireJdk("Temurin 25", JDK25, "expected at /usr/lib/jvm/temurin-25-jdk-amd64");
    List<GcCase> cases = new ArrayList<>();
    // The concurrent collectors and JDK 25 first: they run longest.
    cases.add(GcCase.concurrent("ZGC", "25", jdk25, "-XX:+UseZGC"));
    cases.add(GcCase.concurrent("Shenandoah", "25", jdk25, "-XX:+UseShenandoahGC"));
    cases.add(GcCase.concurrent("ZGC", "17", JDK17, "-XX:+UseZGC"));
    cases.add(GcCase.concurrent("Shenandoah", "17", JDK17, "-XX:+UseShenandoahGC"));
    cases.add(GcCase.stw("G1", "25", jdk25, "-XX:+UseG1GC").withNativeMemoryTracking());
    cases.add(GcCase.stw("G1", "17", JDK17, "-XX:+UseG1GC"));
    cases.add(GcCase.stw("Parallel", "17", JDK17, "-XX:+UseParallelGC"));
    cases.add(GcCase.stw("Serial", "17", JDK17, "-XX:+UseSerialGC").withNativeMemoryTracking());
    cases.add(GcCase.stw("G1", "11", jdk11, "-XX:+UseG1GC").withNativeMemoryTracking());
    cases.add(GcCase.stw("Serial", "11", jdk11, "-XX:+UseSerialGC"));
    // Without performance counters the agent falls back to the collector beans. JDK 17's beans do
    // not show G1's Remark and Cleanup pauses (JDK 20's "G1 Concurrent GC" bean does).
    cases.add(
        GcCase.stw("G1", "17", JDK17, "-XX:+UseG1GC", "-XX:-UsePerfData")
            .withoutRemarkAndCleanup()
            .withoutAllocationCount());
    cases.add(GcCase.stw("G1", "25", jdk25, "-XX:+UseG1GC", "-XX:-UsePerfData"));
    cases.add(
        GcCase.stw("Serial", "11", jdk11, "-XX:+UseSerialGC", "-XX:+PerfDisableSharedMem")
            .withoutAllocationCount());
    // Allocation estimated on the one-pool heaps.
    cases.add(GcCase.concurrent("ZGC", "17", JDK17, "-XX:+UseZGC").withoutAllocationCount());
    cases.add(
        GcCase.concurrent("Shenandoah", "17", JDK17, "-XX:+UseShenandoahGC")
            .withoutAllocationCount());
    return cases;
  }

  private static String requireJdk(String what, String home, String hint) {
    Path java = Paths.get(home, "bin", "java");
    if (home.isEmpty() || !Files.isExecutable(java)) {
      throw new AssertionError(
          what + " is needed by the GC matrix but there is no " + java + " (" + hint + ")");
    }
    return home;
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

  private static void check(GcCase.Outcome o) {
    String label = o.label();
    assertEquals(0, o.result.exitCode, label + ": " + o.result);
    assertEquals(
        "", o.result.stderr, label + ": the agent logs nothing while every report gets through");
    assertTrue(o.reports >= 3, label + ": only " + o.reports + " reports");
    assertTrue(o.logPauseCount > 0, label + ": the workload must pause the JVM");

    // Exact, but for what was still going when the app wrote its last line (usually nothing):
    // that may or may not have reached the final report.
    assertBetween(
        o.logPauseCount - o.latePauseCount,
        o.pauseCount,
        o.logPauseCount,
        label + ": jvm_gc_pause_seconds_count vs log");
    long fewestNanos = o.logPauseNanos - o.latePauseNanos - o.allowedNanos();
    long mostNanos = o.logPauseNanos + o.allowedNanos();
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
        o.logCollections,
        label + ": gc_all vs log");
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

    // Every bean's counters against the JVM's own totals, printed by the app at the end of its
    // quiet spell. The log, and so the delivered figures, may hold a few more: a collector can
    // still start a cycle while the app is quiet (ZGC's allocation-rate rule, say), or at exit
    // after the app's last line, and the final report sends those too. So a bean may only be
    // ahead; gc_all and the pauses, checked against the whole log above, are exact.
    for (Map.Entry<String, long[]> bean : Counts.parseTotals(o.result.line("beans ")).entrySet()) {
      String suffix = bean.getKey().replace(' ', '_');
      long count = o.counter("jvm_gc_collection_seconds_count.gc_" + suffix);
      long sumNanos = o.counter("jvm_gc_collection_seconds_sum.gc_" + suffix);
      assertTrue(
          count >= bean.getValue()[0] && sumNanos >= bean.getValue()[1] * 1_000_000L,
          label
              + " "
              + suffix
              + ": delivered "
              + count
              + " / "
              + sumNanos
              + " ns, the JVM's own "
              + bean.getValue()[0]
              + " / "
              + bean.getValue()[1]
              + " ms");
    }

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
