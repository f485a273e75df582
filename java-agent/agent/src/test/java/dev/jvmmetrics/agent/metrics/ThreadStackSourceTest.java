package dev.jvmmetrics.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThreadStackSourceTest {
  // Excerpts of `jcmd <pid> VM.native_memory summary` as each JDK prints them.
  static final String JDK11 =
      "-                    Thread (reserved=16457KB, committed=753KB)\n"
          + "                            (thread #16)\n"
          + "                            (stack: reserved=16384KB, committed=680KB)\n"
          + "                            (malloc=56KB #98) \n"
          + "                            (arena=17KB #30)\n \n"
          + "-                      Code (reserved=247796KB, committed=7656KB)\n";
  static final String JDK17 =
      "-                    Thread (reserved=18479KB, committed=739KB)\n"
          + "                            (thread #18)\n"
          + "                            (stack: reserved=18432KB, committed=692KB)\n"
          + "                            (malloc=28KB #112) (peak=36KB #116) \n"
          + "                            (arena=19KB #34) (peak=91KB #34)\n \n"
          + "-                      Code (reserved=247776KB, committed=7636KB)\n";
  static final String JDK25 =
      "-                    Thread (reserved=17463KB, committed=719KB)\n"
          + "                            (threads #17)\n"
          + "                            (stack: reserved=17408KB, committed=664KB, peak=664KB)\n"
          + "                            (malloc=37KB tag=Thread #103) (peak=46KB #107)\n"
          + "                            (arena=18KB #30) (peak=117KB #30)\n\n"
          + "-                      Code (reserved=248130KB, committed=7986KB)\n";

  @Test
  void readsTheCommittedStackBytesOfEveryJdksSummary() {
    assertEquals(680L << 10, ThreadStackSource.stackCommittedBytes(JDK11));
    assertEquals(692L << 10, ThreadStackSource.stackCommittedBytes(JDK17));
    assertEquals(664L << 10, ThreadStackSource.stackCommittedBytes(JDK25));
    assertEquals(3L << 20, ThreadStackSource.stackCommittedBytes(JDK17.replace("692KB", "3MB")));
  }

  @Test
  void noThreadStackLineIsNoFigure() {
    assertEquals(-1, ThreadStackSource.stackCommittedBytes("Native Memory Tracking:\n"));
    assertEquals(-1, ThreadStackSource.stackCommittedBytes(JDK17.replace("(stack: ", "(other: ")));
  }

  @Test
  void readsAtMostEveryTenSecondsWhenThreadsChangeElseEveryMinute() {
    long[] now = {1_000_000_000L};
    int[] reads = {0};
    FakeThreads threads = new FakeThreads();
    ThreadStackSource source =
        new ThreadStackSource(
            () -> {
              reads[0]++;
              return JDK17.replace("692KB", reads[0] + "KB");
            },
            threads.bean,
            () -> now[0]);

    long[] seconds = {0, 5, 9, 11, 30, 71, 72};
    int[] threadCounts = {18, 18, 19, 19, 19, 19, 20};
    long[] expected = {1, 1, 1, 2, 2, 3, 3};
    for (int i = 0; i < seconds.length; i++) {
      now[0] = 1_000_000_000L + seconds[i] * 1_000_000_000L;
      threads.count = threadCounts[i];
      Sample sample = new Sample();
      source.collectInto(sample);
      assertEquals(
          expected[i] << 10,
          sample.findGauge(ThreadStackSource.STACK_COMMITTED, -1),
          "at " + seconds[i] + " s");
    }
  }

  @Test
  void aFailingSummaryFailsThisSourceOnly() {
    ThreadStackSource source =
        new ThreadStackSource(
            () -> {
              throw new IllegalStateException("no NMT");
            },
            new FakeThreads().bean,
            () -> 0);
    assertThrows(IllegalStateException.class, () -> source.collectInto(new Sample()));
  }

  @Test
  void aSummaryThatKeepsFailingIsOneLineThoughMostCyclesSkipTheRead() {
    long[] now = {1_000_000_000L};
    boolean[] failing = {true};
    ThreadStackSource source =
        new ThreadStackSource(
            () -> {
              if (failing[0]) {
                throw new IllegalStateException("no NMT");
              }
              return JDK17;
            },
            new FakeThreads().bean,
            () -> now[0]);
    java.io.ByteArrayOutputStream logged = new java.io.ByteArrayOutputStream();
    Collector collector =
        new Collector(new dev.jvmmetrics.agent.Log(new java.io.PrintStream(logged, true)), source);
    // Five minutes at the default 5 s interval: a read fails every minute, the cycles between skip.
    for (int second = 0; second < 300; second += 5) {
      now[0] = 1_000_000_000L + second * 1_000_000_000L;
      collector.collectInto(new Sample());
    }
    String[] lines = logged.toString().split("\n");
    assertEquals(1, lines.length, logged.toString());
    assertTrue(lines[0].startsWith("at=warn") && lines[0].contains("no NMT"), lines[0]);

    failing[0] = false;
    now[0] += MAX_AGE_NANOS;
    Sample sample = new Sample();
    collector.collectInto(sample);
    assertEquals(692L << 10, sample.findGauge(ThreadStackSource.STACK_COMMITTED, -1));
    lines = logged.toString().split("\n");
    assertEquals(2, lines.length, logged.toString());
    assertTrue(lines[1].startsWith("at=info") && lines[1].contains("recovered"), lines[1]);
  }

  private static final long MAX_AGE_NANOS = ThreadStackSource.MAX_AGE_SECONDS * 1_000_000_000L;

  @Test
  void offUnlessTheJvmTracksNativeMemory() {
    assertFalse(ThreadStackSource.nativeMemoryTrackingOn(), "the test JVM runs without NMT");
  }

  @Test
  void onlyTheLastNativeMemoryTrackingOptionCounts() {
    assertFalse(ThreadStackSource.nativeMemoryTrackingOn(List.of("-Xmx256m")));
    assertTrue(
        ThreadStackSource.nativeMemoryTrackingOn(List.of("-XX:NativeMemoryTracking=summary")));
    assertTrue(
        ThreadStackSource.nativeMemoryTrackingOn(
            List.of("-XX:NativeMemoryTracking=off", "-Xss1m", "-XX:NativeMemoryTracking=detail")));
    assertFalse(
        ThreadStackSource.nativeMemoryTrackingOn(
            List.of("-XX:NativeMemoryTracking=summary", "-XX:NativeMemoryTracking=off")));
    assertFalse(
        ThreadStackSource.nativeMemoryTrackingOn(List.of("-Dx=-XX:NativeMemoryTracking=summary")));
  }

  /** A thread bean whose only answer that matters is the live thread count. */
  static final class FakeThreads {
    int count;
    final ThreadMXBean bean =
        (ThreadMXBean)
            java.lang.reflect.Proxy.newProxyInstance(
                ThreadMXBean.class.getClassLoader(),
                new Class<?>[] {ThreadMXBean.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("getThreadCount")) {
                    return count;
                  }
                  return method.invoke(ManagementFactory.getThreadMXBean(), args);
                });
  }
}
