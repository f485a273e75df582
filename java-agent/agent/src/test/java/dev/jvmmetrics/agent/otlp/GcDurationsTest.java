package dev.jvmmetrics.agent.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class GcDurationsTest {
  @Test
  void eachBucketHoldsDurationsUpToAndIncludingItsBound() {
    GcDurations durations = new GcDurations();
    long[] millis = {0, 10, 11, 100, 101, 1000, 10_000, 10_001};
    for (long m : millis) {
      durations.record("G1 Young Generation", "end of minor GC", m);
    }
    durations.record("G1 Old Generation", "end of major GC", 50);
    assertEquals(2, durations.count());
    GcDurations.Series young = durations.series(0);
    assertEquals(8, young.count());
    assertEquals(21_223, young.sumMillis());
    long[] expected = {2, 2, 2, 1, 1}; // (..0.01], (0.01..0.1], (0.1..1], (1..10], (10..)
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], young.bucket(i), "bucket " + i);
    }
    assertEquals("end of major GC", durations.series(1).action);
    assertEquals(1, durations.series(1).bucket(1));
  }

  @Test
  void copiedTotalsAreACopy() {
    GcDurations durations = new GcDurations();
    durations.record("ZGC Pauses", "end of GC pause", 1);
    long[] before = new long[2 + GcDurations.BOUNDS.length + 1];
    durations.copyTotals(0, before);
    durations.record("ZGC Pauses", "end of GC pause", 1);
    assertEquals(1, before[0]);
    long[] after = new long[before.length];
    durations.copyTotals(0, after);
    assertEquals(2, after[0]);
    assertEquals(2, after[1]);
  }
}
