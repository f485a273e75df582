package dev.jvmmetrics.agent.metrics;

import java.lang.management.ThreadMXBean;
import java.util.function.LongSupplier;

/**
 * The JVM's count of bytes allocated by all threads, read by a plain interface call. Compiled for
 * Java 17 (src/main/java17), whose API has {@code getTotalThreadAllocatedBytes}, and loaded only on
 * 17 and later ({@link AllocationSource#threadAllocatedBytes}); older JDKs go through a method
 * handle, whose set-up spins classes and allocates on the first report (docs/performance.md).
 */
public final class DirectTotalAllocated implements LongSupplier {
  private final com.sun.management.ThreadMXBean threads;

  /** Throws ClassCastException where {@code threads} is not HotSpot's bean. */
  public DirectTotalAllocated(ThreadMXBean threads) {
    this.threads = (com.sun.management.ThreadMXBean) threads;
  }

  /** -1 while the application has switched the count off. */
  @Override
  public long getAsLong() {
    return threads.getTotalThreadAllocatedBytes();
  }
}
