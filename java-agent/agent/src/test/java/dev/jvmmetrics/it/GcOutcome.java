package dev.jvmmetrics.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jvmmetrics.testing.AgentJvm;
import dev.jvmmetrics.testing.Counts;
import dev.jvmmetrics.testing.GcLog;
import dev.jvmmetrics.testing.LoopbackEndpoint;
import dev.jvmmetrics.testing.Payloads;
import dev.jvmmetrics.testing.SafepointLog;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A finished case: the log's figures and the delivered ones. */
final class GcOutcome {
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

  GcOutcome(
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
    long cutoff = Long.parseLong(result.line("last-line-uptime-ns=")) - GcCase.LATE_MARGIN_NANOS;
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

  /** The JVM's own time stopped at safepoints, the way {@link GcCase#safepointTimeIncludesSync}. */
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
