package dev.jvmmetrics.agent;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * Bytes allocated on the heap: the JVM's analog of Go's heap object count, as allocation churn.
 *
 * <pre>
 * jvm_memory_bytes_allocated   73400320   (counter: bytes since the last report)
 * </pre>
 *
 * <p>Where the JVM counts it ({@code com.sun.management.ThreadMXBean#getTotalThreadAllocatedBytes},
 * JDK 17 updates and 21+; every thread's allocation, exited threads' included), that count.
 * Otherwise an estimate from the young generation at each collection ({@link YoungGenAllocation}).
 * Both can dip for a moment (a thread's count racing its exit, a collection racing a read), so the
 * reported total never goes below what was reported before: nothing is counted twice.
 */
final class AllocationSource implements MetricSource {
  static final String ALLOCATED = "jvm_memory_bytes_allocated";

  /** Where the running total of allocated bytes comes from; negative when unknown right now. */
  interface Reading {
    long allocatedBytes();
  }

  private final Reading reading;
  private long reported;

  AllocationSource(Reading reading) {
    this.reading = reading;
  }

  /**
   * The best reading this JVM offers, or null when it offers none.
   *
   * @param subscriptions receives a GC notification subscription if the estimate needs one
   */
  static AllocationSource forThisJvm(List<GcNotifications> subscriptions) {
    Reading exact = threadAllocatedBytes(ManagementFactory.getThreadMXBean());
    if (exact != null) {
      return new AllocationSource(exact);
    }
    YoungGenAllocation estimate = YoungGenAllocation.forThisJvm(subscriptions);
    return estimate == null ? null : new AllocationSource(estimate::allocatedBytes);
  }

  /**
   * {@code getTotalThreadAllocatedBytes()} of {@code threads}, when it has that method and it
   * answers. The method is not in the Java 8 API this agent compiles against, so it is looked up
   * once as a method handle (public API, no access checks bypassed); calling it through {@code
   * invokeExact} allocates nothing, where reflection would box every result.
   */
  static Reading threadAllocatedBytes(ThreadMXBean threads) {
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
      // -1 when the JVM does not measure thread allocation (-XX:-ThreadAllocatedMemory, or off).
      if ((long) total.invokeExact(threads) < 0) {
        return null;
      }
      return () -> {
        try {
          return (long) total.invokeExact(threads);
        } catch (Throwable t) {
          return -1;
        }
      };
    } catch (Throwable t) {
      return null; // No such method (JDK 8 to 16) or it refuses: the estimate takes over.
    }
  }

  @Override
  public void collectInto(Sample sample) {
    long total = reading.allocatedBytes();
    if (total > reported) {
      reported = total;
    }
    sample.counter(ALLOCATED, reported);
  }
}
