package dev.jvmmetrics.preview.terminal;

import dev.jvmmetrics.preview.aggregate.Counter;
import dev.jvmmetrics.preview.aggregate.Formation;
import dev.jvmmetrics.preview.aggregate.Gauge;
import dev.jvmmetrics.preview.aggregate.PeriodStats;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The six charts in a few lines of text, for a terminal: one row per process type, from its latest
 * settled period, with the same aggregation as the page. The application is stopped twice over: in
 * GC pauses, and at safepoints (GC pauses and every other stop), side by side.
 */
public final class TerminalSummary {
  private static final double MB = 1024.0 * 1024.0;
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
  private static final String ROW = "  %-10s %5s  %-13s %-13s %12s %12s %5s  %-17s %-15s";

  private TerminalSummary() {}

  public static String format(Formation formation, Instant now) {
    Map<String, Map<String, Boolean>> types = formation.types();
    List<String> lines = new ArrayList<>();
    String period = seconds(formation.periodMillis() / 1000.0) + " s";
    if (types.isEmpty()) {
      lines.add(CLOCK.format(now) + "  no reports yet");
      return String.join("\n", lines) + "\n";
    }
    lines.add(
        CLOCK.format(now) + "  per process type, latest " + period + " period, across its dynos");
    lines.add(
        String.format(
            Locale.ROOT,
            ROW,
            "type",
            "dynos",
            "heap MB",
            "non-heap MB",
            "stopped ms/s",
            "%wall",
            "GC/s",
            "alloc MB/s",
            "threads"));
    lines.add(
        String.format(
            Locale.ROOT,
            ROW,
            "",
            "",
            "max/avg",
            "max/avg",
            "GC/safepoint",
            "GC/safepoint",
            "sum",
            "min/avg/max",
            "min/avg/max/sum"));
    types.forEach(
        (type, dynos) -> {
          long live = dynos.values().stream().filter(Boolean::booleanValue).count();
          String count = live + "/" + dynos.size();
          List<PeriodStats> periods = formation.periods(type);
          PeriodStats last = latestWithData(periods);
          if (last == null) {
            lines.add(
                String.format(
                    Locale.ROOT, "  %-10s %5s  waiting for a first full period", type, count));
            return;
          }
          double pause = last.sum(Counter.PAUSE_SECONDS);
          double stopped = last.sum(Counter.SAFEPOINT_SECONDS);
          double covered = last.coveredSeconds();
          lines.add(
              String.format(
                  Locale.ROOT,
                  ROW,
                  type,
                  count,
                  mb(last.max(Gauge.HEAP_USED)) + "/" + mb(last.avg(Gauge.HEAP_USED)),
                  mb(last.max(Gauge.NONHEAP_USED)) + "/" + mb(last.avg(Gauge.NONHEAP_USED)),
                  number(pause * 1000 / last.periodSeconds(), 2)
                      + "/"
                      + number(stopped * 1000 / last.periodSeconds(), 2),
                  percent(pause, covered) + "/" + percent(stopped, covered),
                  number(last.sum(Counter.COLLECTIONS) / last.periodSeconds(), 1),
                  rate(last.minRate(Counter.ALLOCATED_BYTES))
                      + "/"
                      + rate(last.avgRate(Counter.ALLOCATED_BYTES))
                      + "/"
                      + rate(last.maxRate(Counter.ALLOCATED_BYTES)),
                  number(last.min(Gauge.THREADS), 0)
                      + "/"
                      + number(last.avg(Gauge.THREADS), 0)
                      + "/"
                      + number(last.max(Gauge.THREADS), 0)
                      + "/"
                      + number(last.total(Gauge.THREADS), 0)));
        });
    StringBuilder text = new StringBuilder();
    lines.forEach(line -> text.append(line.stripTrailing()).append('\n'));
    return text.toString();
  }

  private static PeriodStats latestWithData(List<PeriodStats> periods) {
    for (int i = periods.size() - 1; i >= 0; i--) {
      if (periods.get(i).dynoCount() > 0) {
        return periods.get(i);
      }
    }
    return null;
  }

  private static String percent(double seconds, double coveredSeconds) {
    return number(coveredSeconds > 0 ? seconds / coveredSeconds * 100 : Double.NaN, 2);
  }

  private static String mb(double bytes) {
    return number(bytes / MB, 1);
  }

  private static String rate(double bytesPerSecond) {
    return number(bytesPerSecond / MB, 1);
  }

  private static String number(double value, int decimals) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, "%." + decimals + "f", value) : "-";
  }

  private static String seconds(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
  }
}
