package dev.jvmmetrics.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.jvmmetrics.agent.platform.PerfData;
import dev.jvmmetrics.agent.platform.PerfSafepoints;
import dev.jvmmetrics.testing.PerfDataImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SafepointSourceTest {
  /** Figures from a JDK 17 run whose -Xlog:safepoint lines add up to 1.000674032 s in total. */
  private static PerfDataImage jdk17(long frequency) {
    return new PerfDataImage(ByteOrder.LITTLE_ENDIAN)
        .longEntry("sun.os.hrt.frequency", frequency)
        .longEntry("sun.rt.safepointSyncTime", 17_928_563)
        .longEntry("sun.rt.safepointTime", 982_745_469)
        .longEntry("sun.rt.safepoints", 575)
        .longEntry("sun.rt.applicationTime", 5_000_000_000L);
  }

  private static Sample collect(PerfSafepoints safepoints) {
    Sample sample = new Sample();
    new SafepointSource(safepoints).collectInto(sample);
    return sample;
  }

  @Test
  void fromJdk13OnTheTimeStoppedIsTheTimeAtSafepointPlusTheTimeToReachIt() {
    Sample sample =
        collect(PerfSafepoints.from(PerfData.parse(jdk17(1_000_000_000L).build(), "sun."), false));

    assertEquals(575, sample.findCounter(SafepointSource.COUNT, -1));
    assertEquals(1_000_674_032L, sample.findCounter(SafepointSource.SUM, -1));
    assertEquals(17_928_563L, sample.findCounter(SafepointSource.SYNC_SUM, -1));
    assertEquals(3, sample.counterCount());
    for (int i = 0; i < sample.counterCount(); i++) {
      assertEquals(
          !sample.counterName(i).endsWith("_count"),
          sample.counterIsNanos(i),
          sample.counterName(i));
    }
  }

  @Test
  void upToJdk12TheTimeAtSafepointAlreadyHoldsTheTimeToReachIt() {
    Sample sample =
        collect(PerfSafepoints.from(PerfData.parse(jdk17(1_000_000_000L).build(), "sun."), true));

    assertEquals(982_745_469L, sample.findCounter(SafepointSource.SUM, -1));
    assertEquals(17_928_563L, sample.findCounter(SafepointSource.SYNC_SUM, -1));
  }

  @Test
  void ticksOfAnotherClockBecomeNanoseconds() {
    PerfSafepoints safepoints =
        PerfSafepoints.from(PerfData.parse(jdk17(2_000_000L).build(), "sun."), false);

    // 1 000 674 032 ticks at 2 MHz are 500.337016 s.
    assertEquals(500_337_016_000L, safepoints.stoppedNanos());
    assertEquals(8_964_281_500L, safepoints.syncNanos());
  }

  @Test
  void readsTheCountersLiveAfterTheParse() {
    PerfDataImage image = jdk17(1_000_000_000L);
    ByteBuffer region = image.build();
    PerfSafepoints safepoints = PerfSafepoints.from(PerfData.parse(region, "sun."), false);
    assertNotNull(safepoints);

    region.order(ByteOrder.LITTLE_ENDIAN);
    region.putLong(image.dataPosition(1), 18_000_000);
    region.putLong(image.dataPosition(2), 990_000_000);
    region.putLong(image.dataPosition(3), 580);

    assertEquals(580, safepoints.count());
    assertEquals(1_008_000_000L, safepoints.stoppedNanos());
    assertEquals(18_000_000L, safepoints.syncNanos());
  }

  @Test
  void aJvmWithoutEveryCounterHasNoSafepointSource() {
    PerfDataImage noSync =
        new PerfDataImage(ByteOrder.LITTLE_ENDIAN)
            .longEntry("sun.os.hrt.frequency", 1_000_000_000L)
            .longEntry("sun.rt.safepointTime", 982_745_469)
            .longEntry("sun.rt.safepoints", 575);
    PerfDataImage noFrequency =
        new PerfDataImage(ByteOrder.LITTLE_ENDIAN)
            .longEntry("sun.rt.safepointSyncTime", 17_928_563)
            .longEntry("sun.rt.safepointTime", 982_745_469)
            .longEntry("sun.rt.safepoints", 575);

    assertNull(PerfSafepoints.from(PerfData.parse(noSync.build(), "sun."), false));
    assertNull(PerfSafepoints.from(PerfData.parse(noFrequency.build(), "sun."), false));
  }

  @ParameterizedTest
  @CsvSource({
    "1.8, true",
    "9, true",
    "11, true",
    "12, true",
    "13, false",
    "17, false",
    "21, false",
    "25, false",
    "'', false",
    "next, false"
  })
  void knowsWhichJdksCountTheTimeToSafepointInsideTheTimeAtSafepoint(
      String spec, boolean includes) {
    assertEquals(includes, PerfSafepoints.timeIncludesSync(spec));
  }

  @Test
  void thisJvmHasSafepointCountersThatOnlyGrow() throws Exception {
    PerfSafepoints safepoints = PerfSafepoints.forThisJvm();
    assertNotNull(safepoints, "the test JVM runs with performance data");
    long count = safepoints.count();
    long stopped = safepoints.stoppedNanos();
    System.gc(); // A full collection is a safepoint.
    assertEquals(true, safepoints.count() > count, "a System.gc() stops at a safepoint");
    assertEquals(true, safepoints.stoppedNanos() > stopped);
    assertEquals(true, safepoints.syncNanos() <= safepoints.stoppedNanos());
  }
}
