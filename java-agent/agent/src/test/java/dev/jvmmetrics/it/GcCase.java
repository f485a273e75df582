package dev.jvmmetrics.it;

import dev.jvmmetrics.fixtures.GcMatrixWorkload;
import dev.jvmmetrics.testing.AgentJvm;
import dev.jvmmetrics.testing.GcLog;
import dev.jvmmetrics.testing.Jdk8GcLog;
import dev.jvmmetrics.testing.LoopbackEndpoint;
import dev.jvmmetrics.testing.SafepointLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;

/** One collector on one JDK in the GC matrix: how to run it, and what came out. */
final class GcCase {
  private static final String FIXTURES =
      System.getProperty("fixture.classes", "target/fixture-classes");

  /**
   * The report interval. A POST times out after one interval, and one that reached the endpoint but
   * timed out is sent again (counts are delivered at least once): so not too short for a busy
   * machine.
   */
  static final long INTERVAL_MILLIS = 1000;

  final String collector;
  final String jdk;
  final String javaHome;
  final List<String> options;
  final boolean concurrent;
  boolean remarkAndCleanupExposed = true;
  private boolean nativeMemoryTracking;
  private boolean allocationCounted = true;

  private GcCase(
      String collector, String jdk, String javaHome, boolean concurrent, String... options) {
    this.collector = collector;
    this.jdk = jdk;
    this.javaHome = javaHome;
    this.concurrent = concurrent;
    this.options = Arrays.asList(options);
  }

  /** A collector whose every collection is a pause (Serial, Parallel, G1). */
  static GcCase stw(String collector, String jdk, String javaHome, String... options) {
    return new GcCase(collector, jdk, javaHome, false, options);
  }

  /** A collector whose collections are concurrent cycles with short pauses (ZGC, Shenandoah). */
  static GcCase concurrent(String collector, String jdk, String javaHome, String... options) {
    return new GcCase(collector, jdk, javaHome, true, options);
  }

  /** The agent's source here cannot see G1's Remark and Cleanup pauses: expect them left out. */
  GcCase withoutRemarkAndCleanup() {
    remarkAndCleanupExposed = false;
    return this;
  }

  /** Runs with Native Memory Tracking, so thread-stack bytes are known. */
  GcCase withNativeMemoryTracking() {
    nativeMemoryTracking = true;
    return this;
  }

  boolean nativeMemoryTracking() {
    return nativeMemoryTracking;
  }

  /** Whether the agent can take pauses from the performance counters (Shenandoah's mix phases). */
  boolean perfCounters() {
    return !options.contains("-XX:-UsePerfData")
        && !options.contains("-XX:+PerfDisableSharedMem")
        && !collector.equals("Shenandoah");
  }

  /** The app switches off the JVM's count of allocated bytes, so the agent estimates them. */
  GcCase withoutAllocationCount() {
    allocationCounted = false;
    return this;
  }

  /** Whether the JVM counts allocated bytes itself (JDK 11.0.21+, 17.0.9+, 21+), not estimated. */
  boolean exactAllocation() {
    return allocationCounted && !jdk8();
  }

  /** JDK 8 logs in its own format, with its own options. */
  boolean jdk8() {
    return jdk.equals("8");
  }

  /**
   * Whether the JDK's {@code sun.rt.safepointTime} already holds the time to safepoint (up to JDK
   * 12); from JDK 13 the time stopped is the sum of the two counters.
   */
  boolean safepointTimeIncludesSync() {
    return jdk.equals("8") || jdk.equals("11");
  }

  String label() {
    String flags =
        options.size() > 1 ? " " + String.join(" ", options.subList(1, options.size())) : "";
    return collector
        + " JDK "
        + jdk
        + flags
        + (nativeMemoryTracking ? " +NMT" : "")
        + (allocationCounted ? "" : " est.alloc");
  }

  GcOutcome run() throws Exception {
    // The logs stay in target/gc-matrix/ after the run, one pair per case, so that a case that
    // fails (on CI, say) can be read afterwards; each run overwrites its own.
    Path dir = Files.createDirectories(Paths.get("target", "gc-matrix"));
    String name = label().replaceAll("[^A-Za-z0-9.+-]+", "_");
    Path log = dir.resolve(name + ".gc.log");
    Path safepointLog = dir.resolve(name + ".safepoints.log");
    Files.deleteIfExists(log);
    Files.deleteIfExists(safepointLog);
    Path firstReport = Files.createTempFile("gc-matrix-first-report", "");
    Files.delete(firstReport);
    try (LoopbackEndpoint endpoint = new LoopbackEndpoint()) {
      AgentJvm jvm =
          new AgentJvm()
              .javaHome(javaHome)
              .classpath(FIXTURES)
              .env("HEROKU_METRICS_URL", endpoint.url("/metrics/gc-matrix"))
              .env("HEROKU_METRICS_INTERVAL", INTERVAL_MILLIS + "ms")
              .jvmOption(options.toArray(new String[0]))
              .jvmOption("-Xmx64m");
      if (jdk8()) {
        // One file: JDK 8 writes the stopped-time lines into the GC log.
        jvm.jvmOption(
            "-Xloggc:" + log,
            "-XX:+PrintGC",
            "-XX:+PrintGCTimeStamps",
            "-XX:+PrintGCApplicationStoppedTime");
      } else {
        // The safepoint lines in a file of their own, so that the GC log is what it always was.
        jvm.jvmOption(
            "-Xlog:gc,gc+phases=info:file=" + log + ":uptimenanos,tags",
            "-Xlog:safepoint=info:file=" + safepointLog + ":uptimenanos,tags");
      }
      if (nativeMemoryTracking) {
        jvm.jvmOption("-XX:NativeMemoryTracking=summary");
      }
      jvm.jvmOption("-Dgc.matrix.first-report=" + firstReport);
      String quiet = String.valueOf(3 * INTERVAL_MILLIS);
      String[] args = {"1500", quiet, allocationCounted ? "" : "no-allocation-count"};
      Thread signal = signalFirstReport(endpoint, firstReport);
      AgentJvm.Result result = jvm.run(GcMatrixWorkload.class, 120, args);
      signal.interrupt();
      GcLog gcLog = jdk8() ? Jdk8GcLog.read(log) : GcLog.read(log);
      SafepointLog safepoints = SafepointLog.read(jdk8() ? log : safepointLog);
      // Only the reports the agent saw answered count: one it gave up on (a POST past its
      // deadline on a busy machine) is sent again with the next, as the agent promises.
      return new GcOutcome(
          this,
          result,
          endpoint.requests(LoopbackEndpoint.Outcome.COMMITTED),
          gcLog,
          safepoints,
          endpoint.requests().size());
    } finally {
      Files.deleteIfExists(firstReport);
    }
  }

  /** Creates {@code file} once {@code endpoint} has answered a first report. */
  private static Thread signalFirstReport(LoopbackEndpoint endpoint, Path file) {
    Thread signal =
        new Thread(
            () -> {
              try {
                if (endpoint.await(
                    requests -> requests.stream().anyMatch(GcCase::answered), 120_000)) {
                  Files.createFile(file);
                }
              } catch (InterruptedException | java.io.IOException e) {
                // The JVM has exited, or the file cannot be made: the app waits 60 s at most.
              }
            },
            "gc-matrix-first-report");
    signal.setDaemon(true);
    signal.start();
    return signal;
  }

  private static boolean answered(LoopbackEndpoint.Request request) {
    return request.outcome == LoopbackEndpoint.Outcome.COMMITTED;
  }

  /**
   * Allowance for the offset between the GC log's clock and the app's uptime, both from JVM start.
   */
  static final long LATE_MARGIN_NANOS = 50_000_000L;
}
