package dev.jvmmetrics.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jvmmetrics.agent.platform.PerfData;
import dev.jvmmetrics.agent.platform.PerfGcPauses;
import dev.jvmmetrics.testing.FakeCollectorBean;
import dev.jvmmetrics.testing.PerfDataImage;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GcSourceTest {
  @ParameterizedTest
  @CsvSource({
    "Copy, COLLECTION",
    "MarkSweepCompact, COLLECTION",
    "PS Scavenge, COLLECTION",
    "PS MarkSweep, COLLECTION",
    "G1 Young Generation, COLLECTION",
    "G1 Old Generation, COLLECTION",
    "G1 Concurrent GC, PAUSE",
    "ZGC Cycles, CONCURRENT_CYCLE",
    "ZGC Pauses, PAUSE",
    "ZGC Minor Cycles, CONCURRENT_CYCLE",
    "ZGC Major Pauses, PAUSE",
    "Shenandoah Cycles, CONCURRENT_CYCLE",
    "Shenandoah Pauses, PAUSE",
    "Epsilon Heap, COLLECTION"
  })
  void classifiesEveryKnownCollectorBean(String name, GcKind kind) {
    assertEquals(kind, GcKind.of(name));
  }

  @Test
  void g1KeepsHerokuNamesAndCountsEveryCollectionAsAPause() {
    Sample sample =
        collect(
            new FakeCollectorBean("G1 Young Generation", 12, 34),
            new FakeCollectorBean("G1 Old Generation", 1, 100),
            new FakeCollectorBean("G1 Concurrent GC", 4, 6));

    assertEquals(
        12, sample.findCounter("jvm_gc_collection_seconds_count.gc_G1_Young_Generation", -1));
    assertEquals(
        34_000_000L,
        sample.findCounter("jvm_gc_collection_seconds_sum.gc_G1_Young_Generation", -1));
    assertEquals(4, sample.findCounter("jvm_gc_collection_seconds_count.gc_G1_Concurrent_GC", -1));
    // Remark and Cleanup pauses are pauses, not collections.
    assertEquals(13, sample.findCounter(GcSource.ALL_COLLECTIONS, -1));
    assertEquals(17, sample.findCounter(GcSource.PAUSE_COUNT, -1));
    assertEquals(140_000_000L, sample.findCounter(GcSource.PAUSE_SUM, -1));
    assertEquals(-1, sample.findCounter(GcSource.CONCURRENT_SUM, -1));
  }

  @Test
  void zgcCyclesAreCollectionsWhoseTimeIsNeverAPause() {
    Sample sample =
        collect(
            new FakeCollectorBean("ZGC Cycles", 5, 822),
            new FakeCollectorBean("ZGC Pauses", 15, 3));

    assertEquals(5, sample.findCounter(GcSource.ALL_COLLECTIONS, -1));
    assertEquals(15, sample.findCounter(GcSource.PAUSE_COUNT, -1));
    assertEquals(3_000_000L, sample.findCounter(GcSource.PAUSE_SUM, -1));
    assertEquals(5, sample.findCounter(GcSource.CONCURRENT_COUNT, -1));
    assertEquals(822_000_000L, sample.findCounter(GcSource.CONCURRENT_SUM, -1));
  }

  @Test
  void beanWithUndefinedFiguresIsLeftOut() {
    Sample sample =
        collect(
            new FakeCollectorBean("Copy", -1, -1), new FakeCollectorBean("MarkSweepCompact", 2, 8));

    assertEquals(-1, sample.findCounter("jvm_gc_collection_seconds_count.gc_Copy", -1));
    assertEquals(2, sample.findCounter(GcSource.ALL_COLLECTIONS, -1));
  }

  @Test
  void withPerformanceCountersPausesComeFromThemAloneAndBeansKeepTheirOwnCounters() {
    PerfDataImage image =
        new PerfDataImage(ByteOrder.LITTLE_ENDIAN)
            .longEntry("sun.os.hrt.frequency", 1_000_000_000L)
            .stringEntry("sun.gc.collector.0.name", "G1 young collection pauses")
            .longEntry("sun.gc.collector.0.invocations", 12)
            .longEntry("sun.gc.collector.0.time", 34_567_891)
            .stringEntry("sun.gc.collector.1.name", "G1 full collection pauses")
            .longEntry("sun.gc.collector.1.invocations", 1)
            .longEntry("sun.gc.collector.1.time", 100_000_001)
            .stringEntry("sun.gc.collector.2.name", "G1 concurrent cycle pauses")
            .longEntry("sun.gc.collector.2.invocations", 4)
            .longEntry("sun.gc.collector.2.time", 6_543_210);
    PerfGcPauses perf = PerfGcPauses.from(PerfData.parse(image.build(), "sun."));
    Sample sample = new Sample();
    new GcSource(
            Arrays.asList(
                new FakeCollectorBean("G1 Young Generation", 12, 34),
                new FakeCollectorBean("G1 Old Generation", 1, 100),
                new FakeCollectorBean("G1 Concurrent GC", 4, 6)),
            perf)
        .collectInto(sample);

    // The Remark/Cleanup pauses are in the counters and in the JDK 20+ bean: counted once.
    assertEquals(17, sample.findCounter(GcSource.PAUSE_COUNT, -1));
    assertEquals(141_111_102L, sample.findCounter(GcSource.PAUSE_SUM, -1));
    assertEquals(13, sample.findCounter(GcSource.ALL_COLLECTIONS, -1));
    assertEquals(
        6_000_000L, sample.findCounter("jvm_gc_collection_seconds_sum.gc_G1_Concurrent_GC", -1));
    assertEquals(4, sample.findCounter("jvm_gc_collection_seconds_count.gc_G1_Concurrent_GC", -1));
  }

  @Test
  void jdk17G1WithoutPerformanceCountersHasNoRemarkOrCleanupToCount() {
    Sample sample =
        collect(
            new FakeCollectorBean("G1 Young Generation", 12, 34),
            new FakeCollectorBean("G1 Old Generation", 1, 100));
    assertEquals(13, sample.findCounter(GcSource.PAUSE_COUNT, -1));
    assertEquals(134_000_000L, sample.findCounter(GcSource.PAUSE_SUM, -1));
  }

  private static Sample collect(FakeCollectorBean... beans) {
    Sample sample = new Sample();
    new GcSource(Arrays.asList(beans), null).collectInto(sample);
    return sample;
  }
}
