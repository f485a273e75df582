package dev.jvmmetrics.agent.metrics;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.PlatformManagedObject;

/**
 * The virtual-thread scheduler, on JDKs that report it ({@code
 * jdk.management.VirtualThreadSchedulerMXBean}, JDK 24 and later): beside the platform threads of
 * {@link ThreadSource}, how many virtual threads run and how many wait for a carrier.
 *
 * <pre>
 * jvm_threads_virtual_mounted       8    on a carrier now (at most the pool size)
 * jvm_threads_virtual_queued        412  ready to run, waiting for a carrier
 * jvm_threads_carrier_parallelism   8    the scheduler's target number of carriers
 * jvm_threads_carrier_pool_size     9    carriers started and not ended (platform threads)
 * </pre>
 *
 * <p>A queue that stays above zero report after report means virtual threads wait for carriers:
 * CPU-bound work, or carriers pinned (by {@code synchronized} before JDK 24, or native frames). The
 * JDK calls every figure but the parallelism an estimate, and answers -1 for one it does not know;
 * such a figure is left out. On older JDKs the source does not exist, and before the application
 * starts its first virtual thread it sends nothing: nothing is said either way.
 */
final class VirtualThreadSource implements MetricSource {
  static final String MOUNTED = Metric.VIRTUAL_THREADS_MOUNTED.heroku();
  static final String QUEUED = Metric.VIRTUAL_THREADS_QUEUED.heroku();
  static final String PARALLELISM = Metric.CARRIER_PARALLELISM.heroku();
  static final String POOL_SIZE = Metric.CARRIER_POOL_SIZE.heroku();

  static final String SCHEDULER_BEAN = "jdk.management.VirtualThreadSchedulerMXBean";

  /**
   * Threads the JDK starts with its virtual-thread scheduler (JDK 21 to 25): the carriers' class,
   * and the thread that unblocks virtual threads waiting for a monitor (JDK 24+).
   */
  static final String CARRIER_CLASS = "jdk.internal.misc.CarrierThread";

  static final String UNBLOCKER_NAME = "VirtualThread-unblocker";

  private final Class<?> api;
  private MethodHandle mounted;
  private MethodHandle queued;
  private MethodHandle parallelism;
  private MethodHandle poolSize;
  private Object scheduler;
  private boolean unavailable;
  private Thread[] threads = new Thread[64];

  /** The first JDK with {@code jdk.management.VirtualThreadSchedulerMXBean}. */
  static final int FIRST_JDK = 24;

  /**
   * Reads {@code scheduler} through the getters of its public type {@code api}; with a null {@code
   * scheduler}, asks for the bean, and looks its getters up, once the application has started
   * virtual threads: the method handles spin the JDK's method-handle machinery, which an app that
   * never starts one should not pay for (docs/performance.md, "Fifth pass").
   */
  VirtualThreadSource(Class<?> api, Object scheduler) throws ReflectiveOperationException {
    this.api = api;
    this.scheduler = scheduler;
    if (scheduler != null) {
      lookUpGetters();
    }
  }

  private void lookUpGetters() throws ReflectiveOperationException {
    mounted = getter(api, "getMountedVirtualThreadCount", int.class);
    queued = getter(api, "getQueuedVirtualThreadCount", long.class);
    parallelism = getter(api, "getParallelism", int.class);
    poolSize = getter(api, "getPoolSize", int.class);
  }

  /**
   * The source, or null on a JDK without the scheduler's bean. The bean's interface is not in the
   * Java 8 API this agent compiles against, so it is found by name, without initialising it, and
   * its getters are looked up as method handles on that public interface (no access checks
   * bypassed), once the bean is first asked for. Anything missing or refused means this JDK does
   * not report virtual threads: no line.
   */
  static VirtualThreadSource forThisJvm() {
    // The bean came with JDK 24. On older JDKs, asking the class loader for it is not free: the
    // jdk.management module exists, so the loader opens the JDK's module image to look, and fails
    // with an exception (measured by make bench on JDK 17: about 20 ms and 1.2 MB at the first
    // report). The JDK's version says "no" for nothing.
    if (Collector.featureVersion() < FIRST_JDK) {
      return null;
    }
    try {
      Class<?> api =
          Class.forName(SCHEDULER_BEAN, false, VirtualThreadSource.class.getClassLoader());
      return new VirtualThreadSource(api, null);
    } catch (Throwable t) {
      return null;
    }
  }

  /** A getter of {@code api}, widened to a long and taking the bean as an Object. */
  private static MethodHandle getter(Class<?> api, String name, Class<?> type)
      throws ReflectiveOperationException {
    return MethodHandles.publicLookup()
        .findVirtual(api, name, MethodType.methodType(type))
        .asType(MethodType.methodType(long.class, Object.class));
  }

  @Override
  public void collectInto(Sample sample) {
    if (scheduler == null && !openScheduler()) {
      return;
    }
    gauge(sample, MOUNTED, mounted);
    gauge(sample, QUEUED, queued);
    gauge(sample, PARALLELISM, parallelism);
    gauge(sample, POOL_SIZE, poolSize);
  }

  private void gauge(Sample sample, String name, MethodHandle getter) {
    long value;
    try {
      // invokeExact on the exact (Object)long type: no boxing, nothing allocated per read.
      value = (long) getter.invokeExact(scheduler);
    } catch (Throwable t) {
      throw new IllegalStateException(SCHEDULER_BEAN + " failed: " + t, t);
    }
    if (value >= 0) {
      sample.gauge(name, value);
    }
  }

  /**
   * Asks for the scheduler's bean once the application has started virtual threads, and not before:
   * the bean's first use initialises the JDK's virtual-thread machinery, which starts a thread of
   * its own (the unblocker, JDK 24+) in an application that may never use it. Until then there is
   * nothing to report (no virtual thread, no carrier). False while not yet, or for good when the
   * bean cannot be had.
   */
  private boolean openScheduler() {
    if (unavailable || !virtualThreadsStarted()) {
      return false;
    }
    try {
      scheduler = ManagementFactory.getPlatformMXBean(api.asSubclass(PlatformManagedObject.class));
      if (scheduler != null) {
        lookUpGetters();
      }
    } catch (Throwable t) {
      scheduler = null;
    }
    unavailable = scheduler == null; // Degrade quietly: this JDK does not report its scheduler.
    return !unavailable;
  }

  /** Whether a thread of the JDK's virtual-thread scheduler is alive: it has been started. */
  private boolean virtualThreadsStarted() {
    ThreadGroup root = Thread.currentThread().getThreadGroup();
    while (root.getParent() != null) {
      root = root.getParent();
    }
    int count;
    while ((count = root.enumerate(threads, true)) == threads.length) {
      threads = new Thread[threads.length * 2];
    }
    boolean started = false;
    for (int i = 0; i < count; i++) {
      started |= isSchedulerThread(threads[i]);
      threads[i] = null; // Holding on to the application's threads would keep them from the GC.
    }
    return started;
  }

  static boolean isSchedulerThread(Thread thread) {
    return UNBLOCKER_NAME.equals(thread.getName())
        || CARRIER_CLASS.equals(thread.getClass().getName());
  }
}
