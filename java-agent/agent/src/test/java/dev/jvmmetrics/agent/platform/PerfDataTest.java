package dev.jvmmetrics.agent.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmmetrics.testing.PerfDataImage;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PerfDataTest {
  private static PerfDataImage g1(ByteOrder order) {
    return new PerfDataImage(order)
        .longEntry("sun.rt.vmInitDoneTime", 1_700_000_000_000L)
        .stringEntry("sun.gc.collector.0.name", "G1 young collection pauses")
        .longEntry("sun.gc.collector.0.invocations", 780)
        .longEntry("sun.gc.collector.0.time", 718_144_721)
        .stringEntry("sun.gc.collector.2.name", "G1 concurrent cycle pauses")
        .longEntry("sun.gc.collector.2.invocations", 195)
        .longEntry("sun.gc.collector.2.time", 45_923_694)
        .longEntry("sun.os.hrt.frequency", 1_000_000_000L)
        .longEntry("java.threads.live", 12);
  }

  @ParameterizedTest
  @ValueSource(strings = {"LITTLE_ENDIAN", "BIG_ENDIAN"})
  void readsNamedLongsAndStringsInEitherByteOrder(String orderName) {
    ByteOrder order =
        orderName.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    PerfData data = PerfData.parse(g1(order).build(), "sun.gc.", "sun.os.");

    assertEquals("G1 young collection pauses", data.string("sun.gc.collector.0.name"));
    assertEquals(780, data.longValue("sun.gc.collector.0.invocations", -1));
    assertEquals(1_000_000_000L, data.longValue("sun.os.hrt.frequency", -1));
    assertEquals(-1, data.longValue("java.threads.live", -1), "not asked for");
    assertEquals(-1, data.longPosition("sun.gc.nothing"));
  }

  @Test
  void readsLiveValuesAfterTheParse() {
    PerfDataImage image = g1(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer region = image.build();
    PerfData data = PerfData.parse(region, "sun.gc.");
    region.order(ByteOrder.LITTLE_ENDIAN).putLong(image.dataPosition(2), 781);
    assertEquals(781, data.longValue("sun.gc.collector.0.invocations", -1));
  }

  @Test
  void refusesWhatIsNotAReadyRegionOfFormatTwo() {
    ByteBuffer badMagic = g1(ByteOrder.LITTLE_ENDIAN).build();
    badMagic.put(0, (byte) 0);
    ByteBuffer notAccessible = g1(ByteOrder.LITTLE_ENDIAN).build();
    notAccessible.put(7, (byte) 0);
    ByteBuffer majorThree = g1(ByteOrder.LITTLE_ENDIAN).build();
    majorThree.put(5, (byte) 3);
    ByteBuffer tooManyEntries = g1(ByteOrder.LITTLE_ENDIAN).build();
    tooManyEntries.order(ByteOrder.LITTLE_ENDIAN).putInt(28, 1000);
    ByteBuffer entryPastTheEnd = g1(ByteOrder.LITTLE_ENDIAN).build();
    entryPastTheEnd.order(ByteOrder.LITTLE_ENDIAN).putInt(PerfData.PROLOGUE_BYTES, 1 << 20);

    assertNull(PerfData.parse(badMagic, "sun."));
    assertNull(PerfData.parse(notAccessible, "sun."));
    assertNull(PerfData.parse(majorThree, "sun."));
    assertNull(PerfData.parse(tooManyEntries, "sun."));
    assertNull(PerfData.parse(entryPastTheEnd, "sun."));
    assertNull(PerfData.parse(ByteBuffer.allocate(8), "sun."));
  }

  @Test
  void pausesAddUpEveryKnownPauseCollector() {
    PerfGcPauses pauses =
        PerfGcPauses.from(PerfData.parse(g1(ByteOrder.LITTLE_ENDIAN).build(), "sun."));
    assertNotNull(pauses);
    assertEquals(975, pauses.pauseCount());
    assertEquals(764_068_415L, pauses.pauseNanos());
  }

  @Test
  void anUnknownOrMixedCollectorRulesThePerformanceCountersOut() {
    PerfDataImage shenandoah =
        new PerfDataImage(ByteOrder.LITTLE_ENDIAN)
            .longEntry("sun.os.hrt.frequency", 1_000_000_000L)
            .stringEntry("sun.gc.collector.0.name", "Shenandoah partial")
            .longEntry("sun.gc.collector.0.invocations", 0)
            .longEntry("sun.gc.collector.0.time", 0)
            .stringEntry("sun.gc.collector.1.name", "Shenandoah full")
            .longEntry("sun.gc.collector.1.invocations", 314)
            .longEntry("sun.gc.collector.1.time", 194_126_080);
    PerfDataImage future =
        g1(ByteOrder.LITTLE_ENDIAN)
            .stringEntry("sun.gc.collector.3.name", "G1 something new")
            .longEntry("sun.gc.collector.3.invocations", 1)
            .longEntry("sun.gc.collector.3.time", 1);
    PerfDataImage none =
        new PerfDataImage(ByteOrder.LITTLE_ENDIAN)
            .longEntry("sun.os.hrt.frequency", 1_000_000_000L);

    assertNull(PerfGcPauses.from(PerfData.parse(shenandoah.build(), "sun.")));
    assertNull(PerfGcPauses.from(PerfData.parse(future.build(), "sun.")));
    assertNull(PerfGcPauses.from(PerfData.parse(none.build(), "sun.")));
  }

  @Test
  void ticksBecomeNanoseconds() {
    assertEquals(123_456_789L, PerfGcPauses.ticksToNanos(123_456_789L, 1_000_000_000L));
    assertEquals(1_500_000_000L, PerfGcPauses.ticksToNanos(3_000_000L, 2_000_000L));
    assertEquals(1_000L, PerfGcPauses.ticksToNanos(3L, 3_000_000L));
  }

  @Test
  void findsTheFileOfTheJvmThatStartedThenAndNoOther(@TempDir Path tmp) throws Exception {
    Path ours = tmp.resolve("hsperfdata_someone").resolve("4242");
    Files.createDirectories(ours.getParent());
    Files.write(ours, g1(ByteOrder.LITTLE_ENDIAN).build().array());

    PerfData byUser = PerfDataFile.find(tmp, "someone", "4242", 1_700_000_000_000L, "sun.gc.");
    PerfData byScan = PerfDataFile.find(tmp, "other", "4242", 1_700_000_000_000L, "sun.gc.");
    assertNotNull(byUser);
    assertNotNull(byScan);
    assertEquals(780, byScan.longValue("sun.gc.collector.0.invocations", -1));
    assertNull(PerfDataFile.find(tmp, "someone", "4242", 1_700_000_000_001L), "a stale file");
    assertNull(PerfDataFile.find(tmp, "someone", "4243", 1_700_000_000_000L), "another pid");
  }

  @Test
  void thisJvmsOwnCountersHoldAtLeastEveryCollectionItsBeansCount() {
    System.gc();
    PerfGcPauses pauses = PerfGcPauses.forThisJvm();
    assertNotNull(pauses, "the test JVM runs with performance data, and a known collector");
    long beanCollections = 0;
    for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
      beanCollections += bean.getCollectionCount();
    }
    long count = pauses.pauseCount();
    assertTrue(count >= beanCollections && beanCollections > 0, count + " vs " + beanCollections);
    assertTrue(pauses.pauseNanos() > 0);
    assertTrue(PerfDataFile.ownMappedBytes() >= PerfData.PROLOGUE_BYTES);
  }

  /**
   * Opening the file maps it and reads the wanted entries in place: no copy of the file (32 KB by
   * default) and no String for each of the several hundred entries nobody asked for (about 80 KB).
   * Measured on the second open, once the classes it uses are loaded.
   */
  @Test
  void openingThisJvmsFileAllocatesNeitherACopyNorAStringPerEntry() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    assertNotNull(PerfDataFile.forThisJvm(PerfDataFile.AGENT_PREFIXES));
    long before = threads.getThreadAllocatedBytes(thread);
    assertNotNull(PerfDataFile.forThisJvm(PerfDataFile.AGENT_PREFIXES));
    long allocated = threads.getThreadAllocatedBytes(thread) - before;
    assertTrue(allocated < 16 * 1024, allocated + " bytes allocated by one open");
  }
}
