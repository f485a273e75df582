package dev.jvmmetrics.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Adds up the counters of delivered reports and holds them against the JVM's own totals. */
public final class Counts {
  private Counts() {}

  /** Parses {@code name=count/millis;...} as the fixtures print it. */
  public static Map<String, long[]> parseTotals(String line) {
    Map<String, long[]> totals = new LinkedHashMap<>();
    for (String entry : line.split(";")) {
      String[] nameAndFigures = entry.split("=");
      String[] figures = nameAndFigures[1].split("/");
      totals.put(
          nameAndFigures[0], new long[] {Long.parseLong(figures[0]), Long.parseLong(figures[1])});
    }
    return totals;
  }

  /**
   * The sum of one counter over {@code reports}. A report without it adds nothing (its source
   * failed that cycle, and the next report carries the counts); at least one must have it.
   */
  public static BigDecimal sum(List<LoopbackEndpoint.Request> reports, String counter) {
    BigDecimal total = BigDecimal.ZERO;
    boolean seen = false;
    for (LoopbackEndpoint.Request report : reports) {
      BigDecimal delta = Payloads.number(report.section("counters"), counter);
      if (delta != null) {
        seen = true;
        total = total.add(delta);
      }
    }
    assertTrue(seen || reports.isEmpty(), "no report has " + counter);
    return total;
  }

  /**
   * Asserts that the per-collector counts and times in {@code reports}, and {@code gc_all}, add up
   * exactly to {@code totalsLine}: nothing lost, nothing counted twice. Every bean here is one
   * whose events are collections (Serial, Parallel, G1 young/old).
   */
  public static void assertAddUpExactly(String totalsLine, List<LoopbackEndpoint.Request> reports) {
    assertAddUpExactly(totalsLine, null, reports);
  }

  /**
   * As {@link #assertAddUpExactly(String, List)}, for a JVM that began reporting only when its
   * totals were {@code baselineLine} (null: at its start): the reports add up to the difference.
   */
  public static void assertAddUpExactly(
      String totalsLine, String baselineLine, List<LoopbackEndpoint.Request> reports) {
    Map<String, long[]> totals = parseTotals(totalsLine);
    if (baselineLine != null) {
      for (Map.Entry<String, long[]> base : parseTotals(baselineLine).entrySet()) {
        long[] total = totals.get(base.getKey());
        total[0] -= base.getValue()[0];
        total[1] -= base.getValue()[1];
      }
    }
    long collections = 0;
    for (Map.Entry<String, long[]> bean : totals.entrySet()) {
      String suffix = bean.getKey().replace(' ', '_');
      long count = bean.getValue()[0];
      collections += count;
      assertEquals(
          BigDecimal.valueOf(count),
          sum(reports, "jvm_gc_collection_seconds_count.gc_" + suffix),
          bean.getKey() + " count, over " + reports.size() + " reports");
      BigDecimal seconds = BigDecimal.valueOf(bean.getValue()[1], 3);
      BigDecimal reported = sum(reports, "jvm_gc_collection_seconds_sum.gc_" + suffix);
      assertEquals(0, seconds.compareTo(reported), bean.getKey() + " time: " + reported);
    }
    assertTrue(
        collections > 0, "the app must have collected: " + totalsLine + " - " + baselineLine);
    assertEquals(
        BigDecimal.valueOf(collections),
        sum(reports, "jvm_gc_collection_seconds_count.gc_all"),
        "gc_all");
  }
}
