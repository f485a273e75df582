package dev.jvmmetrics.agent.metrics;

import dev.jvmmetrics.agent.platform.GcNotifications;
import dev.jvmmetrics.agent.platform.PlatformBeans;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Bytes allocated, for JVMs that cannot count them per thread (JDK 8 to 16): new objects go to the
 * young generation (eden), so what eden holds just before a collection, less what it held just
 * after the previous one, is what was allocated in between; plus what it holds now, less what it
 * held after the last collection. Heaps with one pool (ZGC before JDK 21, Shenandoah) use that
 * pool.
 *
 * <p>An estimate, and a low one: objects allocated straight into the old generation (G1's humongous
 * objects, Parallel's and Serial's too-large arrays) are not seen, nor, with a concurrent collector
 * (ZGC, Shenandoah), what is allocated while a cycle runs, which under steady load is most of it. A
 * collection that runs around another (a young collection that turns into a full one, JDK 11's
 * nesting) is counted once. Before the agent started, only what eden holds now is known.
 *
 * <p>Collections are reported on the JVM's notification thread and read on the reporter's, so the
 * state is guarded by this object's lock (uncontended: one GC event, one report now and then).
 */
final class YoungGenAllocation implements GcNotifications.Handler, LongSupplier, AutoCloseable {
  private final String[] poolNames;
  private final MemoryPoolMXBean[] pools;

  private long allocatedAtCollections;
  private long usedAfterLastCollection;
  private String lastCollector = "";
  private long lastStartMillis = Long.MIN_VALUE;
  private long lastEndMillis = Long.MIN_VALUE;
  private volatile int collections;
  private GcNotifications subscription;

  YoungGenAllocation(List<MemoryPoolMXBean> youngPools) {
    pools = youngPools.toArray(new MemoryPoolMXBean[0]);
    poolNames = new String[pools.length];
    long afterLast = 0;
    for (int i = 0; i < pools.length; i++) {
      poolNames[i] = pools[i].getName();
      MemoryUsage collected = pools[i].getCollectionUsage();
      afterLast += collected == null ? 0 : collected.getUsed();
    }
    usedAfterLastCollection = afterLast;
  }

  /**
   * An estimator subscribed to this JVM's collections, or null without notifications or without a
   * pool that new objects go to. {@link #close()} ends the subscription.
   */
  static YoungGenAllocation forThisJvm() {
    List<MemoryPoolMXBean> young = youngPools(PlatformBeans.memoryPools());
    if (young.isEmpty()) {
      return null;
    }
    YoungGenAllocation estimator = new YoungGenAllocation(young);
    List<GarbageCollectorMXBean> beans = PlatformBeans.collectors();
    estimator.subscription = GcNotifications.subscribe(beans, estimator);
    return estimator.subscription == null ? null : estimator;
  }

  /**
   * The heap pools new objects are allocated in: the eden spaces; else a young generation
   * (generational ZGC); else the heap's only pool.
   */
  static List<MemoryPoolMXBean> youngPools(List<MemoryPoolMXBean> all) {
    List<MemoryPoolMXBean> heap = new ArrayList<>();
    List<MemoryPoolMXBean> eden = new ArrayList<>();
    List<MemoryPoolMXBean> young = new ArrayList<>();
    for (MemoryPoolMXBean pool : all) {
      if (pool.getType() != MemoryType.HEAP) {
        continue;
      }
      heap.add(pool);
      if (pool.getName().contains("Eden")) {
        eden.add(pool);
      } else if (pool.getName().contains("Young Generation")) {
        young.add(pool);
      }
    }
    if (!eden.isEmpty()) {
      return eden;
    }
    if (!young.isEmpty()) {
      return young;
    }
    return heap.size() == 1 ? heap : new ArrayList<MemoryPoolMXBean>();
  }

  @Override
  public synchronized void onCollection(
      String gcName,
      long startMillis,
      long endMillis,
      Map<String, MemoryUsage> before,
      Map<String, MemoryUsage> after) {
    if (!GcKind.of(gcName).isCollection) {
      return; // A pause inside a cycle: the cycle's own notification covers it.
    }
    long usedBefore = used(before);
    long usedAfter = used(after);
    if (usedBefore < 0 || usedAfter < 0) {
      return;
    }
    // A collection by another bean whose span holds the previous one's ran around it: JDK 11's
    // young collection that turned into a full one inside the same pause, generational ZGC's
    // major cycle around minor ones. What was allocated before it is already counted. (Spans are
    // whole milliseconds, so a sub-millisecond collection followed within that millisecond by
    // another bean's also looks held; then the second one's few bytes since go uncounted.)
    boolean around =
        !gcName.equals(lastCollector)
            && startMillis <= lastStartMillis
            && endMillis >= lastEndMillis;
    if (!around) {
      allocatedAtCollections += Math.max(0, usedBefore - usedAfterLastCollection);
    }
    usedAfterLastCollection = usedAfter;
    lastCollector = gcName;
    lastStartMillis = startMillis;
    lastEndMillis = endMillis;
    collections++;
  }

  private long used(Map<String, MemoryUsage> usage) {
    long total = 0;
    for (String name : poolNames) {
      MemoryUsage pool = usage.get(name);
      if (pool == null) {
        return -1;
      }
      total += pool.getUsed();
    }
    return total;
  }

  /** The estimate of bytes allocated so far. */
  @Override
  public long getAsLong() {
    int seen = collections;
    long now = 0;
    for (MemoryPoolMXBean pool : pools) {
      now += pool.getUsage().getUsed();
    }
    synchronized (this) {
      if (collections != seen) {
        // A collection ended while eden was read: that reading may predate it, so leave it out.
        return allocatedAtCollections;
      }
      return allocatedAtCollections + Math.max(0, now - usedAfterLastCollection);
    }
  }

  /** Stops listening for collections: the estimate stays where it was. */
  @Override
  public void close() {
    if (subscription != null) {
      subscription.close();
    }
  }
}
