package dev.jvmmetrics.preview.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmmetrics.preview.ingest.BadReport;
import dev.jvmmetrics.preview.ingest.DynoName;
import dev.jvmmetrics.preview.ingest.Report;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormationTest {
  private static final double KB = 1024;
  // A period boundary: every period in these tests is one second long and starts here.
  private static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");
  private static final String HEAP = Gauge.HEAP_USED.wireName();
  private static final String COMMITTED = Gauge.HEAP_COMMITTED.wireName();
  private static final String THREADS = Gauge.THREADS.wireName();
  private static final String ALLOCATED = Counter.ALLOCATED_BYTES.wireName();

  private final MutableClock clock = new MutableClock(T0);
  private final Formation formation =
      new Formation(clock, Duration.ofSeconds(1), Duration.ofMinutes(10), 100);

  /**
   * Heroku's "A Note About Metrics": web.1 heap 10 KB, 10 goroutines, GC goal 8 KB; web.2 8 KB, 5,
   * 6 KB; web.3 15 KB, 20, 8 KB give Heap Max 15 KB, Heap Avg 11 KB, 35 goroutines, GC Goal Max 8
   * KB, GC Goal Avg 7.3 KB. Here heap used, heap committed (the GC goal's analog) and threads.
   */
  @Test
  void theSeedsExampleAggregatesAsHerokuSays() throws BadReport {
    for (int second = 0; second < 2; second++) {
      report("web.1", 100 + second * 1000, Map.of(HEAP, 10 * KB, COMMITTED, 8 * KB, THREADS, 10.0));
      report("web.2", 200 + second * 1000, Map.of(HEAP, 8 * KB, COMMITTED, 6 * KB, THREADS, 5.0));
      report("web.3", 300 + second * 1000, Map.of(HEAP, 15 * KB, COMMITTED, 8 * KB, THREADS, 20.0));
    }
    clock.set(T0.plusMillis(1500));

    PeriodStats first = at(formation.periods("web"), 0);

    assertEquals(3, first.dynoCount());
    assertEquals(15 * KB, first.max(Gauge.HEAP_USED)); // Heap Max 15 KB
    assertEquals(11 * KB, first.avg(Gauge.HEAP_USED)); // Heap Avg 11 KB
    assertEquals(8 * KB, first.max(Gauge.HEAP_COMMITTED)); // GC Goal Max 8 KB
    assertEquals(7.3, first.avg(Gauge.HEAP_COMMITTED) / KB, 0.05); // GC Goal Avg 7.3 KB
    assertEquals(35, first.total(Gauge.THREADS)); // 35 goroutines
    assertEquals(20, first.max(Gauge.THREADS));
    assertEquals(5, first.min(Gauge.THREADS));
    assertEquals(35 / 3.0, first.avg(Gauge.THREADS), 1e-9);
  }

  @Test
  void countersAreSummedAcrossDynosWithEachDynosMinimumMaximumAndAverage() throws BadReport {
    double[] perSecond = {1000, 3000, 8000};
    for (int second = 0; second <= 3; second++) {
      for (int d = 0; d < 3; d++) {
        report("web." + (d + 1), second * 1000 + 10 * d, Map.of(), Map.of(ALLOCATED, perSecond[d]));
      }
    }
    clock.set(T0.plusMillis(3500));

    List<PeriodStats> periods = formation.periods("web");
    PeriodStats middle = periods.get(periods.size() - 1);

    assertEquals(12_000, middle.sum(Counter.ALLOCATED_BYTES), 1e-6);
    assertEquals(1000, middle.minRate(Counter.ALLOCATED_BYTES), 1e-6);
    assertEquals(8000, middle.maxRate(Counter.ALLOCATED_BYTES), 1e-6);
    assertEquals(4000, middle.avgRate(Counter.ALLOCATED_BYTES), 1e-6);
  }

  @Test
  void aDynoThatJoinsWithinAPeriodIsNotDrawnAsTheSlowest() throws BadReport {
    for (int second = 0; second <= 3; second++) {
      report("web.1", second * 1000, Map.of(), Map.of(ALLOCATED, 1000.0));
    }
    // web.2 allocates at the same 1000 per second. Its first report counts over the type's usual
    // interval, 1 s, so it covers only the last 100 ms of period 1.
    report("web.2", 2900, Map.of(), Map.of(ALLOCATED, 1000.0));
    report("web.2", 3900, Map.of(), Map.of(ALLOCATED, 1000.0));
    clock.set(T0.plusMillis(4000));

    PeriodStats joined = at(formation.periods("web"), 1);

    assertEquals(1000, joined.minRate(Counter.ALLOCATED_BYTES), 1e-6);
    assertEquals(1000, joined.maxRate(Counter.ALLOCATED_BYTES), 1e-6);
    // The sum is what the formation allocated in that second: all of web.1's, 10 % of web.2's.
    assertEquals(1100, joined.sum(Counter.ALLOCATED_BYTES), 1e-6);
  }

  @Test
  void aMissedPeriodIsNeitherAHoleNorASpike() throws BadReport {
    report("web.1", 500, Map.of(HEAP, 100.0), Map.of(ALLOCATED, 1000.0));
    report("web.1", 1500, Map.of(HEAP, 100.0), Map.of(ALLOCATED, 1000.0));
    // Periods 2 and 3 get no report; the one at 4.5 s carries their counts too.
    report("web.1", 4500, Map.of(HEAP, 300.0), Map.of(ALLOCATED, 3000.0));
    report("web.1", 5500, Map.of(HEAP, 300.0), Map.of(ALLOCATED, 1000.0));
    clock.set(T0.plusMillis(5600));

    List<PeriodStats> periods = formation.periods("web");

    for (int q = 1; q <= 4; q++) {
      PeriodStats period = at(periods, q);
      assertEquals(1000, period.sum(Counter.ALLOCATED_BYTES), 1e-6, "allocation in period " + q);
      assertFalse(Double.isNaN(period.max(Gauge.HEAP_USED)), "heap in period " + q);
    }
    assertEquals(100, at(periods, 2).max(Gauge.HEAP_USED)); // the last value seen, carried
    assertEquals(100, at(periods, 3).max(Gauge.HEAP_USED));
    assertEquals(300, at(periods, 4).max(Gauge.HEAP_USED));
  }

  @Test
  void aRestartedDynosFirstReportIsNoSpike() throws BadReport {
    for (int second = 0; second <= 3; second++) {
      report("web.1", second * 1000 + 500, Map.of(HEAP, 100.0), Map.of(ALLOCATED, 1000.0));
    }
    // The JVM restarts: 2.5 s without a report, then a new JVM's first report carries its totals
    // since it started (1.5 s of allocation).
    report("web.1", 6000, Map.of(HEAP, 50.0), Map.of(ALLOCATED, 1500.0));
    report("web.1", 7000, Map.of(HEAP, 60.0), Map.of(ALLOCATED, 1000.0));
    clock.set(T0.plusMillis(7100));

    List<PeriodStats> periods = formation.periods("web");

    for (PeriodStats period : periods.subList(1, periods.size())) {
      assertTrue(
          period.sum(Counter.ALLOCATED_BYTES) <= 1000 + 1e-6,
          "no spike at " + period.startMillis());
      assertFalse(Double.isNaN(period.max(Gauge.HEAP_USED)), "no hole at " + period.startMillis());
    }
  }

  @Test
  void aDynoBackAfterALongSilenceStartsAfreshWithoutFillingTheGap() throws BadReport {
    report("web.1", 500, Map.of(HEAP, 100.0), Map.of(ALLOCATED, 1000.0));
    report("web.1", 1500, Map.of(HEAP, 100.0), Map.of(ALLOCATED, 1000.0));
    long back = ProcessTypeHistory.MAX_GAP_MILLIS + 10_000;
    clock.set(T0.plusMillis(back));
    report("web.1", back, Map.of(HEAP, 100.0), Map.of(ALLOCATED, 1000.0));
    report("web.1", back + 1000, Map.of(HEAP, 100.0), Map.of(ALLOCATED, 1000.0));
    clock.set(T0.plusMillis(back + 1100));

    List<PeriodStats> periods = formation.periods("web");
    double total =
        periods.stream().mapToDouble(p -> zeroIfNaN(p.sum(Counter.ALLOCATED_BYTES))).sum();
    long withHeap = periods.stream().filter(p -> !Double.isNaN(p.max(Gauge.HEAP_USED))).count();

    assertEquals(4000, total, 1e-6); // every count is charted once
    assertEquals(5, withHeap); // the silence stays empty: the dyno was not running
    double largest =
        periods.stream()
            .mapToDouble(p -> zeroIfNaN(p.sum(Counter.ALLOCATED_BYTES)))
            .max()
            .orElseThrow();
    assertEquals(1000, largest, 1e-6);
  }

  @Test
  void aPeriodIsShownOnlyOnceEveryReportingDynoHasPassedIt() throws BadReport {
    report("web.1", 100, Map.of(HEAP, 1.0));
    report("web.2", 200, Map.of(HEAP, 1.0));
    report("web.1", 1100, Map.of(HEAP, 1.0));
    report("web.1", 2100, Map.of(HEAP, 1.0));
    clock.set(T0.plusMillis(2200));

    // web.2 has not reported past period 0 yet, so period 0 is not shown.
    assertEquals(T0.minusSeconds(1).toEpochMilli(), last(formation.periods("web")).startMillis());

    report("web.2", 2200, Map.of(HEAP, 1.0));
    assertEquals(T0.plusSeconds(1).toEpochMilli(), last(formation.periods("web")).startMillis());
  }

  @Test
  void aDynoThatStoppedReportingNoLongerHoldsTheChartsBack() throws BadReport {
    for (int second = 0; second <= 2; second++) {
      report("web.1", second * 1000 + 100, Map.of(HEAP, 1.0));
      report("web.2", second * 1000 + 200, Map.of(HEAP, 1.0));
    }
    for (int second = 3; second <= 9; second++) {
      report("web.1", second * 1000 + 100, Map.of(HEAP, 1.0));
    }
    clock.set(T0.plusMillis(9200));

    Map<String, Boolean> dynos = formation.types().get("web");
    assertEquals(Map.of("web.1", true, "web.2", false), dynos);
    // From the second before the first report (which covers one interval) to the one before now.
    assertEquals(10, formation.periods("web").size());
  }

  @Test
  void theWindowIsBoundedAndScrolls() throws BadReport {
    Formation small = new Formation(clock, Duration.ofSeconds(1), Duration.ofSeconds(10), 100);
    for (int second = 0; second < 30; second++) {
      clock.set(T0.plusMillis(second * 1000L + 500));
      small.accept(report("web.1", second * 1000L + 500, Map.of(HEAP, (double) second), Map.of()));
    }

    List<PeriodStats> periods = small.periods("web");

    assertEquals(9, periods.size()); // ten periods held; the current one is not settled yet
    assertEquals(T0.plusSeconds(20).toEpochMilli(), periods.get(0).startMillis());
    assertEquals(20, periods.get(0).max(Gauge.HEAP_USED));
  }

  @Test
  void aFullFormationRefusesNewDynosAndKeepsTakingItsOwn() throws BadReport {
    Formation two = new Formation(clock, Duration.ofSeconds(1), Duration.ofMinutes(1), 2);
    assertTrue(two.accept(report("web.1", 0, Map.of(HEAP, 1.0), Map.of())));
    assertTrue(two.accept(report("worker.1", 0, Map.of(HEAP, 1.0), Map.of())));

    assertFalse(two.accept(report("web.2", 0, Map.of(HEAP, 1.0), Map.of())));
    assertTrue(two.accept(report("web.1", 1000, Map.of(HEAP, 1.0), Map.of())));

    // Once a dyno has been silent for the whole window it is forgotten, and a new one fits.
    clock.set(T0.plusSeconds(120));
    assertTrue(two.accept(report("web.2", 120_000, Map.of(HEAP, 1.0), Map.of())));
  }

  @Test
  void memoryIsBoundedByDynosTimesPeriodsTogether() {
    // 3,600 periods leave room for 50 dynos within the bound, not 51.
    new Formation(clock, Duration.ofSeconds(1), Duration.ofHours(1), 50);
    assertThrows(
        IllegalArgumentException.class,
        () -> new Formation(clock, Duration.ofSeconds(1), Duration.ofHours(1), 51));
  }

  @Test
  void processTypesAreThePartBeforeTheDot() throws BadReport {
    report("web.1", 0, Map.of(HEAP, 1.0));
    report("worker.1", 0, Map.of(HEAP, 1.0));
    report("web.12", 0, Map.of(HEAP, 1.0));

    assertEquals(List.of("web", "worker"), List.copyOf(formation.types().keySet()));
    assertEquals(List.of("web.1", "web.12"), List.copyOf(formation.types().get("web").keySet()));
  }

  private static PeriodStats at(List<PeriodStats> periods, int second) {
    long start = T0.plusSeconds(second).toEpochMilli();
    return periods.stream().filter(p -> p.startMillis() == start).findFirst().orElseThrow();
  }

  private static PeriodStats last(List<PeriodStats> periods) {
    return periods.get(periods.size() - 1);
  }

  private void report(String dyno, long millis, Map<String, Double> gauges) throws BadReport {
    report(dyno, millis, gauges, Map.of());
  }

  private Report report(
      String dyno, long millis, Map<String, Double> gauges, Map<String, Double> counters)
      throws BadReport {
    Report report = new Report(DynoName.parse(dyno), T0.plusMillis(millis), gauges, counters);
    formation.accept(report);
    return report;
  }

  private static double zeroIfNaN(double value) {
    return Double.isNaN(value) ? 0 : value;
  }
}
