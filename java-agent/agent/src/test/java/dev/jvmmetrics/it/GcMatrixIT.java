package dev.jvmmetrics.it;

import static org.junit.jupiter.api.Assertions.assertAll;

import dev.jvmmetrics.fixtures.GcMatrixWorkload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Every collector on every JDK Heroku offers (8, 11, 17, 21, 25): the agent runs in an app that
 * allocates on a small heap ({@link GcMatrixWorkload}) and reports to a loopback endpoint every
 * second; the deltas it delivered, summed, are held to three things, each saying what the agent
 * guarantees, so that the matrix also holds on a busy machine:
 *
 * <ol>
 *   <li><b>Nothing lost, nothing twice</b>: every delivered total equals the JVM's own counter (its
 *       beans, its performance counters, its safepoint counters) as the app read it just before it
 *       exited, exactly, plus at most what the log shows the JVM doing after that read.
 *   <li><b>Classification</b>: concurrent cycles are collections and never pauses; no concurrent
 *       phase's time reaches the pause time.
 *   <li><b>Agreement with the JVM's own log</b> ({@code -Xlog:gc,gc+phases} and {@code
 *       -Xlog:safepoint}; JDK 8: {@code -XX:+PrintGC -XX:+PrintGCApplicationStoppedTime}): counts
 *       exactly, times within a bound measured on a busy machine (docs/metrics.md): pause time
 *       within 35 % + 0.1 ms per pause (+ 1 ms per bean where the agent reads the beans'
 *       millisecond totals), because the log times a wider span of each pause than the counters and
 *       a busy machine can deschedule the JVM inside it (seen: −22.5 % with pauses 25 times their
 *       idle length); a missing or misread collector entry is caught exactly by the first check,
 *       concurrent time by this one, since concurrent phases dwarf the pauses; safepoint time
 *       exactly from JDK 13 (the log prints the counters' own timestamps), within 2 % + 50 µs per
 *       safepoint on 8 and 11.
 * </ol>
 *
 * <p>A JDK a case needs that is missing fails the test. Allocated bytes are checked against the
 * main thread's own allocation (the JVM's count of it, or what its arrays add up to when the app
 * switched that count off to make the agent estimate).
 */
class GcMatrixIT {
  private static final String JDK17 = System.getProperty("java.home");
  private static final String JDK8 = System.getProperty("jdk8.home", "");
  private static final String JDK11 = System.getProperty("jdk11.home", "");
  private static final String JDK21 = System.getProperty("jdk21.home", "");
  private static final String JDK25 = System.getProperty("jdk25.home", "");
  private static final int PARALLEL_JVMS = 2;

  @Test
  void deliveredGcFiguresMatchTheJvmsOwnLogOnEveryCollectorAndJdk() throws Exception {
    List<GcCase> cases = selected(cases());
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_JVMS);
    List<Future<GcOutcome>> running = new ArrayList<>();
    try {
      for (GcCase gcCase : cases) {
        running.add(pool.submit(gcCase::run));
      }
      List<GcOutcome> outcomes = new ArrayList<>();
      for (Future<GcOutcome> outcome : running) {
        outcomes.add(outcome.get());
      }
      System.out.println(GcMatrixTable.table(outcomes, (System.nanoTime() - start) / 1_000_000L));
      List<Executable> checks = new ArrayList<>();
      for (GcOutcome outcome : outcomes) {
        checks.add(() -> GcMatrixChecks.check(outcome));
      }
      assertAll("GC matrix", checks);
    } finally {
      pool.shutdownNow();
    }
  }

  static List<GcCase> cases() {
    String fetched = "fetched by test/support/fetch-jdk.sh: run 'make jdks'";
    String jdk8 = requireJdk("JDK 8", JDK8, fetched);
    String jdk11 = requireJdk("JDK 11", JDK11, fetched);
    String jdk21 = requireJdk("JDK 21", JDK21, fetched);
    String jdk25 = requireJdk("Temurin 25", JDK25, "expected at /usr/lib/jvm/temurin-25-jdk-amd64");
    List<GcCase> cases = new ArrayList<>();
    // The concurrent collectors and JDK 25 first: they run longest.
    cases.add(GcCase.concurrent("ZGC", "25", jdk25, "-XX:+UseZGC"));
    cases.add(GcCase.concurrent("Shenandoah", "25", jdk25, "-XX:+UseShenandoahGC"));
    cases.add(GcCase.concurrent("ZGC", "21", jdk21, "-XX:+UseZGC"));
    cases.add(
        GcCase.concurrent("ZGC generational", "21", jdk21, "-XX:+UseZGC", "-XX:+ZGenerational"));
    cases.add(GcCase.concurrent("Shenandoah", "21", jdk21, "-XX:+UseShenandoahGC"));
    cases.add(GcCase.concurrent("ZGC", "17", JDK17, "-XX:+UseZGC"));
    cases.add(GcCase.concurrent("Shenandoah", "17", JDK17, "-XX:+UseShenandoahGC"));
    cases.add(GcCase.stw("G1", "25", jdk25, "-XX:+UseG1GC").withNativeMemoryTracking());
    cases.add(GcCase.stw("G1", "21", jdk21, "-XX:+UseG1GC"));
    cases.add(GcCase.stw("Parallel", "21", jdk21, "-XX:+UseParallelGC"));
    cases.add(GcCase.stw("Serial", "21", jdk21, "-XX:+UseSerialGC"));
    cases.add(GcCase.stw("G1", "17", JDK17, "-XX:+UseG1GC"));
    cases.add(GcCase.stw("Parallel", "17", JDK17, "-XX:+UseParallelGC"));
    cases.add(GcCase.stw("Serial", "17", JDK17, "-XX:+UseSerialGC").withNativeMemoryTracking());
    cases.add(GcCase.stw("G1", "11", jdk11, "-XX:+UseG1GC").withNativeMemoryTracking());
    cases.add(GcCase.stw("Serial", "11", jdk11, "-XX:+UseSerialGC"));
    // JDK 8 has no count of allocated bytes, so the agent estimates from its first report on: the
    // app allocates only once that is due. Its perf counters have no entry for G1's Remark and
    // Cleanup pauses (and no bean or notification shows them): only the safepoint counters do.
    cases.add(
        GcCase.stw("G1", "8", jdk8, "-XX:+UseG1GC")
            .withoutRemarkAndCleanup()
            .withoutAllocationCount());
    cases.add(GcCase.stw("CMS", "8", jdk8, "-XX:+UseConcMarkSweepGC").withoutAllocationCount());
    cases.add(GcCase.stw("Parallel", "8", jdk8, "-XX:+UseParallelGC").withoutAllocationCount());
    cases.add(GcCase.stw("Serial", "8", jdk8, "-XX:+UseSerialGC").withoutAllocationCount());
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

  /**
   * The cases whose label contains {@code -Dgc.matrix.only} (all of them when it is unset), so that
   * one collector can be run again and again while its log is studied.
   */
  private static List<GcCase> selected(List<GcCase> all) {
    String only = System.getProperty("gc.matrix.only", "");
    List<GcCase> chosen = new ArrayList<>();
    for (GcCase gcCase : all) {
      if (gcCase.label().contains(only)) {
        chosen.add(gcCase);
      }
    }
    if (chosen.isEmpty()) {
      throw new AssertionError("no GC matrix case matches -Dgc.matrix.only=" + only);
    }
    return chosen;
  }

  private static String requireJdk(String what, String home, String hint) {
    Path java = Paths.get(home, "bin", "java");
    if (home.isEmpty() || !Files.isExecutable(java)) {
      throw new AssertionError(
          what + " is needed by the GC matrix but there is no " + java + " (" + hint + ")");
    }
    return home;
  }
}
