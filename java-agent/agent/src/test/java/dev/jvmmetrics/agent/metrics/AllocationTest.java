package dev.jvmmetrics.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmmetrics.testing.FakeMemoryPool;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

class AllocationTest {
  private static final long MB = 1 << 20;

  private final FakeMemoryPool eden = FakeMemoryPool.heap("G1 Eden Space");
  private final FakeMemoryPool old = FakeMemoryPool.heap("G1 Old Gen");

  private static Map<String, MemoryUsage> usage(String pool, long used) {
    Map<String, MemoryUsage> map = new HashMap<>();
    map.put(pool, new MemoryUsage(0, used, used, -1));
    map.put("G1 Old Gen", new MemoryUsage(0, 7 * MB, 7 * MB, -1));
    return map;
  }

  @Test
  void edenBeforeEachCollectionLessEdenAfterThePreviousOnePlusEdenNow() {
    eden.usedAfterLastCollection = 1 * MB; // Left by a collection before the agent started.
    YoungGenAllocation young = new YoungGenAllocation(Collections.singletonList(eden));
    eden.used = 5 * MB;
    assertEquals(4 * MB, young.getAsLong());

    young.onCollection(
        "G1 Young Generation", 100, 103, usage("G1 Eden Space", 9 * MB), usage("G1 Eden Space", 0));
    eden.used = 2 * MB;
    assertEquals(10 * MB, young.getAsLong());

    young.onCollection(
        "G1 Young Generation",
        110,
        112,
        usage("G1 Eden Space", 12 * MB),
        usage("G1 Eden Space", 0));
    eden.used = 0;
    assertEquals(20 * MB, young.getAsLong());
  }

  @Test
  void pausesAndOverlappingCollectionsAreCountedOnce() {
    YoungGenAllocation young = new YoungGenAllocation(Collections.singletonList(eden));
    // JDK 11 Serial: a young collection (100-109) that fails and runs a full one (101-109) inside.
    young.onCollection(
        "MarkSweepCompact", 101, 109, usage("G1 Eden Space", 16 * MB), usage("G1 Eden Space", 0));
    young.onCollection(
        "Copy", 100, 109, usage("G1 Eden Space", 16 * MB), usage("G1 Eden Space", 0));
    // A pause inside a cycle says nothing about allocation.
    young.onCollection(
        "G1 Concurrent GC",
        120,
        121,
        usage("G1 Eden Space", 30 * MB),
        usage("G1 Eden Space", 30 * MB));
    young.onCollection(
        "G1 Young Generation",
        130,
        131,
        usage("G1 Eden Space", 10 * MB),
        usage("G1 Eden Space", 0));
    assertEquals(26 * MB, young.getAsLong());
  }

  @Test
  void collectionsInTheSameMillisecondAreEachCounted() {
    YoungGenAllocation young = new YoungGenAllocation(Collections.singletonList(eden));
    young.onCollection("Copy", 100, 100, usage("G1 Eden Space", 4 * MB), usage("G1 Eden Space", 0));
    young.onCollection("Copy", 100, 101, usage("G1 Eden Space", 4 * MB), usage("G1 Eden Space", 0));
    young.onCollection("Copy", 101, 101, usage("G1 Eden Space", 4 * MB), usage("G1 Eden Space", 0));
    assertEquals(12 * MB, young.getAsLong());
  }

  @Test
  void eventsWithoutTheYoungPoolAreIgnored() {
    YoungGenAllocation young = new YoungGenAllocation(Collections.singletonList(eden));
    young.onCollection("G1 Young Generation", 1, 2, usage("Other", 10 * MB), usage("Other", 0));
    assertEquals(0, young.getAsLong());
  }

  @Test
  void youngPoolsAreEdenElseAYoungGenerationElseTheOnlyHeapPool() {
    FakeMemoryPool metaspace = new FakeMemoryPool("Metaspace", MemoryType.NON_HEAP);
    FakeMemoryPool zYoung = FakeMemoryPool.heap("ZGC Young Generation");
    FakeMemoryPool zOld = FakeMemoryPool.heap("ZGC Old Generation");
    FakeMemoryPool shenandoah = FakeMemoryPool.heap("Shenandoah");

    assertEquals(names(eden), names(YoungGenAllocation.youngPools(pools(metaspace, eden, old))));
    assertEquals(names(zYoung), names(YoungGenAllocation.youngPools(pools(zOld, zYoung))));
    assertEquals(
        names(shenandoah), names(YoungGenAllocation.youngPools(pools(metaspace, shenandoah))));
    assertEquals(names(), names(YoungGenAllocation.youngPools(pools(metaspace, old, shenandoah))));
  }

  @Test
  void theReportedTotalNeverGoesBack() {
    long[] readings = {100, 250, 240, -1, 260};
    int[] next = {0};
    AllocationSource source = new AllocationSource(() -> readings[next[0]++], () -> null);
    long[] reported = new long[readings.length];
    for (int i = 0; i < readings.length; i++) {
      Sample sample = new Sample();
      source.collectInto(sample);
      reported[i] = sample.findCounter(AllocationSource.ALLOCATED, -2);
    }
    assertEquals(Arrays.toString(new long[] {100, 250, 250, 250, 260}), Arrays.toString(reported));
  }

  @Test
  void whenTheJvmsCountIsSwitchedOffTheEstimateCarriesOnFromTheLastTotal() {
    long[] exact = {1000, 2000, -1, -1, 5000};
    long[] estimate = {70, 170, 470};
    int[] nextExact = {0};
    int[] nextEstimate = {0};
    AllocationSource source =
        new AllocationSource(() -> exact[nextExact[0]++], () -> () -> estimate[nextEstimate[0]++]);
    long[] reported = new long[exact.length];
    for (int i = 0; i < exact.length; i++) {
      Sample sample = new Sample();
      source.collectInto(sample);
      reported[i] = sample.findCounter(AllocationSource.ALLOCATED, -2);
    }
    // The estimate reads 70 when it starts, then 170 and 470; then the JVM counts again.
    assertEquals(
        Arrays.toString(new long[] {1000, 2000, 2100, 2400, 5000}), Arrays.toString(reported));
  }

  @Test
  void withoutACountOfItsOwnTheEstimateStartsWithWhatEdenHolds() {
    AllocationSource source = new AllocationSource(null, () -> () -> 3000);
    Sample sample = new Sample();
    source.collectInto(sample);
    assertEquals(3000, sample.findCounter(AllocationSource.ALLOCATED, -2));
  }

  @Test
  void theJvmsOwnCountIsUsedWhereItExists() {
    LongSupplier exact = AllocationSource.threadAllocatedBytes(ManagementFactory.getThreadMXBean());
    assertNotNull(exact, "JDK 17 counts every thread's allocation");
    long before = exact.getAsLong();
    byte[][] garbage = new byte[64][];
    for (int i = 0; i < garbage.length; i++) {
      garbage[i] = new byte[1 << 16];
    }
    long after = exact.getAsLong();
    assertTrue(after - before >= 64L << 16, before + " → " + after + " " + garbage.length);
  }

  @Test
  void aBeanWithoutTheCountHasNoneWhateverTheJvmHas() {
    // Only the standard interface: the count is read from the bean given, never another one.
    ThreadMXBean plain =
        (ThreadMXBean)
            Proxy.newProxyInstance(
                ThreadMXBean.class.getClassLoader(),
                new Class<?>[] {ThreadMXBean.class},
                (proxy, method, args) -> {
                  throw new UnsupportedOperationException(method.getName());
                });
    assertNull(AllocationSource.threadAllocatedBytes(plain));
  }

  private static List<MemoryPoolMXBean> pools(MemoryPoolMXBean... pools) {
    return Arrays.asList(pools);
  }

  private static List<String> names(MemoryPoolMXBean... pools) {
    return names(Arrays.asList(pools));
  }

  private static List<String> names(List<MemoryPoolMXBean> pools) {
    List<String> names = new ArrayList<>();
    for (MemoryPoolMXBean pool : pools) {
      names.add(pool.getName());
    }
    return names;
  }
}
