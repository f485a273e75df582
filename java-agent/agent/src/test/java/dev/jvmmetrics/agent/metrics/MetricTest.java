package dev.jvmmetrics.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmmetrics.agent.Log;
import dev.jvmmetrics.agent.platform.PerfData;
import dev.jvmmetrics.agent.platform.PerfSafepoints;
import dev.jvmmetrics.testing.FakeCollectorBean;
import dev.jvmmetrics.testing.PerfDataImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The catalogue and the sources agree: nothing sent is missing from it, nothing in it is unsent.
 */
class MetricTest {
  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
  private final Log log = new Log(new PrintStream(logged, true));

  @Test
  void everyNameThisJvmSendsIsCataloguedWithItsKind() {
    Set<Metric> sent = EnumSet.noneOf(Metric.class);
    addCatalogued(thisJvm(), sent);
    assertTrue(sent.contains(Metric.HEAP_USED), sent.toString());
    assertEquals("", logged.toString());
  }

  @Test
  void everyCatalogueEntryIsSentBySomeSource() throws Exception {
    Set<Metric> sent = EnumSet.noneOf(Metric.class);
    addCatalogued(thisJvm(), sent);
    // The sources this JVM may leave out (no limit, no NMT, no concurrent collector...), with
    // what they read faked.
    addCatalogued(
        collect(
            new GcSource(
                Arrays.asList(
                    new FakeCollectorBean("ZGC Cycles", 3, 400),
                    new FakeCollectorBean("ZGC Pauses", 9, 2)),
                null)),
        sent);
    addCatalogued(collect(new ContainerMemorySource(512L << 20)), sent);
    addCatalogued(
        collect(
            new ThreadStackSource(
                () -> ThreadStackSourceTest.JDK17, ManagementFactory.getThreadMXBean(), () -> 0)),
        sent);
    PerfDataImage perf =
        new PerfDataImage(ByteOrder.LITTLE_ENDIAN)
            .longEntry("sun.os.hrt.frequency", 1_000_000_000L)
            .longEntry("sun.rt.safepointSyncTime", 1)
            .longEntry("sun.rt.safepointTime", 2)
            .longEntry("sun.rt.safepoints", 3);
    addCatalogued(
        collect(
            new SafepointSource(PerfSafepoints.from(PerfData.parse(perf.build(), "sun."), false))),
        sent);

    addCatalogued(
        collect(VirtualThreadSourceTest.source(new VirtualThreadSourceTest.FakeScheduler())), sent);

    Set<Metric> unsent = EnumSet.allOf(Metric.class);
    unsent.removeAll(sent);
    assertEquals(EnumSet.noneOf(Metric.class), unsent, "catalogue entries no source sends");
  }

  @Test
  void aCollectorsNameBelongsToItsTemplateAndGcAllToItsOwnEntry() {
    assertEquals(
        Metric.GC_COLLECTOR_COUNT,
        Metric.ofHeroku("jvm_gc_collection_seconds_count.gc_G1_Young_Generation"));
    assertEquals(
        Metric.GC_COLLECTOR_SECONDS,
        Metric.ofHeroku("jvm_gc_collection_seconds_sum.gc_ZGC_Pauses"));
    assertEquals(Metric.GC_COLLECTIONS, Metric.ofHeroku("jvm_gc_collection_seconds_count.gc_all"));
    assertEquals(
        "jvm_gc_collection_seconds_sum.gc_Copy", Metric.GC_COLLECTOR_SECONDS.herokuFor("Copy"));
    assertNull(Metric.ofHeroku("jvm_gc_collection_seconds_count.gc_"));
    assertNull(Metric.ofHeroku("jvm_memory_bytes_used"));
    assertThrows(IllegalStateException.class, () -> Metric.HEAP_USED.herokuFor("x"));
  }

  private Sample thisJvm() {
    Sample sample = new Sample();
    try (Collector collector = Collector.forThisJvm(log)) {
      collector.collectInto(sample);
    }
    return sample;
  }

  private static Sample collect(MetricSource source) {
    Sample sample = new Sample();
    source.collectInto(sample);
    return sample;
  }

  /** Adds the entry of every name in {@code sample}, failing on a name or kind not catalogued. */
  private static void addCatalogued(Sample sample, Set<Metric> sent) {
    for (int i = 0; i < sample.gaugeCount(); i++) {
      Metric metric = Metric.ofHeroku(sample.gaugeName(i));
      assertNotNull(metric, "not in the catalogue: gauge " + sample.gaugeName(i));
      assertEquals(Metric.Kind.GAUGE, metric.kind(), sample.gaugeName(i));
      sent.add(metric);
    }
    for (int i = 0; i < sample.counterCount(); i++) {
      Metric metric = Metric.ofHeroku(sample.counterName(i));
      assertNotNull(metric, "not in the catalogue: counter " + sample.counterName(i));
      assertEquals(Metric.Kind.COUNTER, metric.kind(), sample.counterName(i));
      // A time counter is kept in nanoseconds and written in seconds: the unit must say so.
      assertEquals(
          metric.unit().equals("seconds"), sample.counterIsNanos(i), sample.counterName(i));
      sent.add(metric);
    }
  }
}
