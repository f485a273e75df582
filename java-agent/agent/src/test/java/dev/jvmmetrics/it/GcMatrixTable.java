package dev.jvmmetrics.it;

import java.util.List;
import java.util.Locale;

/** The GC matrix as a table, for the build output: the log's figures beside the delivered ones. */
final class GcMatrixTable {
  private GcMatrixTable() {}

  /** The matrix as a table, for the build output. */
  static String table(List<GcOutcome> outcomes, long elapsedMillis) {
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
    for (GcOutcome o : outcomes) {
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
