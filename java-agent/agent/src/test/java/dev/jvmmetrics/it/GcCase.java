package dev.jvmmetrics.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jvmmetrics.fixtures.GcMatrixWorkload;
import dev.jvmmetrics.testing.AgentJvm;
import dev.jvmmetrics.testing.Counts;
import dev.jvmmetrics.testing.GcLog;
import dev.jvmmetrics.testing.Jdk8GcLog;
import dev.jvmmetrics.testing.LoopbackEndpoint;
import dev.jvmmetrics.testing.Payloads;
import dev.jvmmetrics.testing.SafepointLog;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
  private boolean remarkAndCleanupExposed = true;
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

  Outcome run() throws Exception {
    Path log = Files.createTempFile("gc-matrix", ".log");
    Path safepointLog = Files.createTempFile("gc-matrix-safepoints", ".log");
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
      return new Outcome(
          this,
          result,
          endpoint.requests(LoopbackEndpoint.Outcome.COMMITTED),
          gcLog,
          safepoints,
          endpoint.requests().size());
    } finally {
      Files.deleteIfExists(log);
      Files.deleteIfExists(safepointLog);
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

  /** A finished case: the log's figures and the delivered ones. */
  static final class Outcome {
    final GcCase gcCase;
    final AgentJvm.Result result;

    /** Reports answered, and requests received (more when the agent gave up on one). */
    final int reports;

    final int requestsReceived;
    final Map<String, Long> counters = new HashMap<>();
    final int logPauseCount;
    final long logPauseNanos;
    final int logNested;
    final int logCollections;

    /** Full collections that may also count as a young one (JDK 8 Serial and CMS). */
    final int youngAttempts;

    final long youngAttemptNanos;
    final long logConcurrentPhaseNanos;
    final int latePauseCount;
    final long latePauseNanos;
    final int lateCollections;
    final long pauseCount;
    final long pauseNanos;
    final long collections;
    final long concurrentCount;
    final long concurrentNanos;
    final long allocated;
    final List<Long> stackBytes = new ArrayList<>();
    final SafepointLog safepointLog;
    final SafepointLog lateSafepoints;
    final long safepointCount;
    final long safepointNanos;
    final long safepointSyncNanos;

    /** The JVM's own counters as the app read them before exiting; empty without perf data. */
    final Map<String, Long> own = new HashMap<>();

    Outcome(
        GcCase gcCase,
        AgentJvm.Result result,
        List<LoopbackEndpoint.Request> requests,
        GcLog log,
        SafepointLog safepoints,
        int requestsReceived) {
      this.gcCase = gcCase;
      this.result = result;
      this.reports = requests.size();
      this.requestsReceived = requestsReceived;
      for (LoopbackEndpoint.Request request : requests) {
        BigDecimal stack =
            Payloads.number(request.section("gauges"), "jvm_threads_stack_bytes_committed");
        stackBytes.add(stack == null ? -1 : stack.longValueExact());
        for (Map.Entry<String, JsonNode> counter : request.section("counters").properties()) {
          BigDecimal value = counter.getValue().decimalValue();
          long units =
              counter.getKey().contains("seconds_sum")
                  ? value.movePointRight(9).longValueExact()
                  : value.longValueExact();
          counters.merge(counter.getKey(), units, Long::sum);
        }
      }
      List<GcLog.Pause> pauses =
          gcCase.remarkAndCleanupExposed ? log.pauses() : log.pauses("Pause Young", "Pause Full");
      logPauseCount = pauses.size();
      logPauseNanos = GcLog.wallNanos(pauses);
      logNested = GcLog.nestedCount(pauses);
      // CMS's bean counts a background cycle once it reaches its Remark pause.
      logCollections =
          gcCase.concurrent
              ? log.gcIds.size()
              : log.pauses("Pause Young", "Pause Full").size()
                  + (gcCase.collector.equals("CMS") ? log.pauses("Pause Remark").size() : 0);
      // JDK 8's Serial and ParNew count a young collection that fails and turns full in the same
      // pause as one more young collection, timed around the full one; the log prints the full
      // one only, and cannot tell it from a full collection that started as one. So each full
      // collection for an allocation failure may be one more pause, and its time twice.
      List<GcLog.Pause> attempts =
          gcCase.jdk8() && (gcCase.collector.equals("Serial") || gcCase.collector.equals("CMS"))
              ? log.pauses("Pause Full (Allocation Failure)")
              : List.of();
      youngAttempts = attempts.size();
      youngAttemptNanos = GcLog.wallNanos(attempts);
      logConcurrentPhaseNanos = log.concurrentPhaseNanos;
      // Collections and pauses that were not over when the app wrote its last line (less a
      // margin for the two clocks' offset) may end after the agent's final report, or be cut
      // short as the JVM stops: the log has them, the delivered figures may not.
      long cutoff = Long.parseLong(result.line("last-line-uptime-ns=")) - LATE_MARGIN_NANOS;
      List<GcLog.Pause> late = GcLog.endingAfter(pauses, cutoff);
      latePauseCount = late.size();
      latePauseNanos = GcLog.wallNanos(late);
      lateCollections =
          gcCase.concurrent
              ? log.idsEndingAfter(cutoff)
              : GcLog.endingAfter(log.pauses("Pause Young", "Pause Full"), cutoff).size();
      pauseCount = counter("jvm_gc_pause_seconds_count");
      pauseNanos = counter("jvm_gc_pause_seconds_sum");
      collections = counter("jvm_gc_collection_seconds_count.gc_all");
      concurrentCount = counter("jvm_gc_concurrent_seconds_count");
      concurrentNanos = counter("jvm_gc_concurrent_seconds_sum");
      allocated = counter("jvm_memory_bytes_allocated");
      safepointLog = safepoints;
      lateSafepoints = safepoints.endingAfter(cutoff);
      safepointCount = counter("jvm_safepoint_seconds_count");
      safepointNanos = counter("jvm_safepoint_seconds_sum");
      safepointSyncNanos = counter("jvm_safepoint_sync_seconds_sum");
      String perf = result.line("perf ");
      if (!perf.equals("none")) {
        for (String entry : perf.split(";")) {
          String[] nameAndValue = entry.split("=");
          own.put(nameAndValue[0], Long.parseLong(nameAndValue[1]));
        }
      }
    }

    /** The JVM's own pause count, summed over its collector counters as the agent does. */
    long ownPauseCount() {
      return ownSum(".invocations");
    }

    /** The JVM's own pause time in nanoseconds (its tick clock counts nanoseconds on Linux). */
    long ownPauseNanos() {
      return ownSum(".time");
    }

    private long ownSum(String suffix) {
      long total = 0;
      for (Map.Entry<String, Long> counter : own.entrySet()) {
        if (counter.getKey().startsWith("sun.gc.collector.") && counter.getKey().endsWith(suffix)) {
          total += counter.getValue();
        }
      }
      return total;
    }

    /**
     * The JVM's own time stopped at safepoints, the way {@link GcCase#safepointTimeIncludesSync}.
     */
    long ownSafepointNanos() {
      long at = own.get("sun.rt.safepointTime");
      return gcCase.safepointTimeIncludesSync() ? at : at + own.get("sun.rt.safepointSyncTime");
    }

    /** The counter's deltas summed over every report (nanoseconds for time); -1 if never sent. */
    long counter(String name) {
      Long total = counters.get(name);
      return total == null ? -1 : total;
    }

    String label() {
      return gcCase.label();
    }

    /**
     * The bound on |delivered - logged| safepoint time (see {@link GcMatrixIT}): none from JDK 13,
     * whose log prints the very timestamps the counters add up; on 8 and 11 the log reads its timer
     * apart from the counter's update and prints it to 100 ns.
     */
    long allowedSafepointNanos() {
      return gcCase.safepointTimeIncludesSync()
          ? safepointLog.totalNanos() / 50 + 50_000L * safepointLog.count()
          : 0;
    }

    /** The bound on |delivered - logged| pause time (see {@link GcMatrixIT}). */
    long allowedNanos() {
      long beans = Counts.parseTotals(result.line("beans ")).size();
      long allowed = logPauseNanos * 7 / 20 + 100_000L * logPauseCount;
      return gcCase.perfCounters() ? allowed : allowed + 1_000_000L * beans;
    }
  }

  /** The matrix as a table, for the build output. */
  static String table(List<Outcome> outcomes, long elapsedMillis) {
    StringBuilder out = new StringBuilder();
    String format =
        "%-52s %-13s %7s %7s %11s %11s %8s %8s %9s %9s %10s %8s %7s %7s %11s %11s %8s %7s%n";
    out.append(
        String.format(Locale.ROOT, "%nGC matrix: delivered figures vs the JVM's own GC log%n"));
    out.append(
        String.format(
            Locale.ROOT,
            format,
            "collector, JDK, flags",
            "pause source",
            "log n",
            "sent n",
            "log ms",
            "sent ms",
            "diff %",
            "µs/pause",
            "gc_all log",
            "gc_all sent",
            "conc ms",
            "alloc %",
            "sp log n",
            "sp sent n",
            "sp log ms",
            "sp sent ms",
            "sp diff %",
            "run s"));
    for (Outcome o : outcomes) {
      double diff = o.pauseNanos - o.logPauseNanos;
      long main = parseOr(o.result.stdout, "main-allocated=");
      out.append(
          String.format(
              Locale.ROOT,
              format,
              o.label() + (o.logNested > 0 ? " (" + o.logNested + " nested)" : ""),
              o.gcCase.perfCounters() ? "perf counters" : "beans",
              o.logPauseCount,
              o.pauseCount,
              String.format(Locale.ROOT, "%.3f", o.logPauseNanos / 1e6),
              String.format(Locale.ROOT, "%.3f", o.pauseNanos / 1e6),
              String.format(
                  Locale.ROOT, "%+.2f", o.logPauseNanos == 0 ? 0 : 100 * diff / o.logPauseNanos),
              String.format(
                  Locale.ROOT, "%+.1f", o.logPauseCount == 0 ? 0 : diff / o.logPauseCount / 1e3),
              o.logCollections,
              o.collections,
              o.concurrentNanos < 0
                  ? "-"
                  : String.format(Locale.ROOT, "%.3f", o.concurrentNanos / 1e6),
              main <= 0 ? "?" : String.format(Locale.ROOT, "%.1f", 100.0 * o.allocated / main),
              o.safepointLog.count(),
              o.safepointCount,
              String.format(Locale.ROOT, "%.3f", o.safepointLog.totalNanos() / 1e6),
              o.safepointNanos < 0
                  ? "-"
                  : String.format(Locale.ROOT, "%.3f", o.safepointNanos / 1e6),
              o.safepointNanos < 0 || o.safepointLog.totalNanos() == 0
                  ? "-"
                  : String.format(
                      Locale.ROOT,
                      "%+.2f",
                      100.0
                          * (o.safepointNanos - o.safepointLog.totalNanos())
                          / o.safepointLog.totalNanos()),
              String.format(Locale.ROOT, "%.1f", o.result.elapsedMillis / 1e3)));
    }
    out.append(
        String.format(Locale.ROOT, "%d cases in %.1f s%n", outcomes.size(), elapsedMillis / 1e3));
    return out.toString();
  }

  private static long parseOr(String stdout, String prefix) {
    for (String line : stdout.split("\n")) {
      if (line.startsWith(prefix)) {
        return Long.parseLong(line.substring(prefix.length()).trim());
      }
    }
    return -1;
  }
}
