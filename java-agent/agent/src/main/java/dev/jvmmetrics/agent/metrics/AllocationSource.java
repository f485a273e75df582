package dev.jvmmetrics.agent.metrics;

import dev.jvmmetrics.agent.platform.PlatformBeans;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ThreadMXBean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Bytes allocated on the heap: the JVM's analog of Go's heap object count, as allocation churn.
 *
 * <pre>
 * jvm_memory_bytes_allocated   73400320   (counter: bytes since the last report)
 * </pre>
 *
 * <p>Where the JVM counts it ({@code com.sun.management.ThreadMXBean#getTotalThreadAllocatedBytes},
 * in JDK 21 and in updates of 11 and 17; every thread's allocation, exited threads' included), that
 * count. Otherwise, or while the application has switched that count off ({@code
 * setThreadAllocatedMemoryEnabled(false)}), an estimate from the young generation at each
 * collection ({@link YoungGenAllocation}), carried on from the last reported total. Both can dip
 * for a moment (a thread's count racing its exit, a collection racing a read), so the reported
 * total never goes below what was reported before: nothing is counted twice.
 */
final class AllocationSource implements MetricSource, AutoCloseable {
  static final String ALLOCATED = Metric.ALLOCATED.heroku();

  // A reading is a running total of allocated bytes, negative while unknown.
  private final LongSupplier exact;
  private final Supplier<LongSupplier> estimates;
  private LongSupplier estimate;
  private boolean estimateTried;
  private long estimateBase;
  private long reportedAtEstimateStart;
  private long reported;

  /**
   * @param exact the JVM's own count, or null when it has none
   * @param estimates makes the fallback (null when this JVM cannot estimate), asked once, when the
   *     count is missing or switched off
   */
  AllocationSource(LongSupplier exact, Supplier<LongSupplier> estimates) {
    this.exact = exact;
    this.estimates = estimates;
  }

  /** The best reading this JVM offers, or null when it offers none. */
  static AllocationSource forThisJvm() {
    AllocationSource source =
        new AllocationSource(
            threadAllocatedBytes(PlatformBeans.threads()), new YoungGenEstimates());
    return source.exact != null || source.estimate() != null ? source : null;
  }

  /**
   * {@code getTotalThreadAllocatedBytes()} of {@code threads}, when it has that method, or null.
   * The method is not in the Java 8 API this agent compiles against. On JDK 17 and later {@code
   * DirectTotalAllocated} (compiled for 17, src/main/java17) calls it as a plain interface method,
   * without a method handle's spun classes and set-up garbage; elsewhere, or if that class cannot
   * be made, it is looked up once as a method handle (public API, no access checks bypassed), whose
   * {@code invokeExact} allocates nothing where reflection would box every result.
   */
  static LongSupplier threadAllocatedBytes(ThreadMXBean threads) {
    LongSupplier total = Collector.featureVersion() >= 17 ? direct(threads) : null;
    return total != null ? total : throughMethodHandle(threads);
  }

  /**
   * {@code DirectTotalAllocated} over {@code threads}, made by name (the Java 8 classes cannot name
   * a Java 17 class; the constructor call is the one reflective step and runs once); null where it
   * cannot be made (not HotSpot's bean) or the JVM refuses the count outright.
   */
  private static LongSupplier direct(ThreadMXBean threads) {
    try {
      LongSupplier total =
          (LongSupplier)
              Class.forName(
                      "dev.jvmmetrics.agent.metrics.DirectTotalAllocated",
                      true,
                      AllocationSource.class.getClassLoader())
                  .getConstructor(ThreadMXBean.class)
                  .newInstance(threads);
      // -1 while the application has switched the count off, checked at each read: here only
      // whether it answers at all matters.
      return total.getAsLong() < -1 ? null : total;
    } catch (Throwable t) {
      return null;
    }
  }

  /** The count through a method handle; null without that method (older JDKs) or if it refuses. */
  private static LongSupplier throughMethodHandle(ThreadMXBean threads) {
    try {
      Class<?> api =
          Class.forName(
              "com.sun.management.ThreadMXBean", false, AllocationSource.class.getClassLoader());
      if (!api.isInstance(threads)) {
        return null;
      }
      MethodHandle total =
          MethodHandles.publicLookup()
              .findVirtual(api, "getTotalThreadAllocatedBytes", MethodType.methodType(long.class))
              .asType(MethodType.methodType(long.class, ThreadMXBean.class));
      // As in direct(): whether it answers at all.
      long probe = (long) total.invokeExact(threads);
      return probe < -1 ? null : new TotalThreadAllocated(total, threads);
    } catch (Throwable t) {
      return null;
    }
  }

  /** The JVM's own count, through the method handle looked up once; -1 when it refuses. */
  private static final class TotalThreadAllocated implements LongSupplier {
    private final MethodHandle total;
    private final ThreadMXBean threads;

    TotalThreadAllocated(MethodHandle total, ThreadMXBean threads) {
      this.total = total;
      this.threads = threads;
    }

    @Override
    public long getAsLong() {
      try {
        return (long) total.invokeExact(threads);
      } catch (Throwable t) {
        return -1;
      }
    }
  }

  /** Makes the young-generation estimate, only when the JVM's own count is missing. */
  private static final class YoungGenEstimates implements Supplier<LongSupplier> {
    @Override
    public LongSupplier get() {
      return YoungGenAllocation.forThisJvm();
    }
  }

  /** The estimate, made on first use; null when this JVM cannot estimate. */
  private LongSupplier estimate() {
    if (!estimateTried) {
      estimateTried = true;
      estimate = estimates.get();
      if (estimate != null) {
        // Before anything was reported, what eden holds now counts too.
        estimateBase = reported == 0 ? 0 : estimate.getAsLong();
        reportedAtEstimateStart = reported;
      }
    }
    return estimate;
  }

  @Override
  public void collectInto(Sample sample) {
    long total = exact == null ? -1 : exact.getAsLong();
    if (total < 0 && estimate() != null) {
      // Carried on from what was reported when the estimate started.
      total = reportedAtEstimateStart + Math.max(0, estimate.getAsLong() - estimateBase);
    }
    if (total > reported) {
      reported = total;
    }
    sample.counter(ALLOCATED, reported);
  }

  /** Unsubscribes the estimate from GC notifications, if it subscribed. */
  @Override
  public void close() throws Exception {
    if (estimate instanceof AutoCloseable) {
      ((AutoCloseable) estimate).close();
    }
  }
}
