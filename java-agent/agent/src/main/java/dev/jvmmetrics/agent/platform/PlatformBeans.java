package dev.jvmmetrics.agent.platform;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * The platform MXBeans the agent reads, each asked for where it costs the app least.
 *
 * <p>Why not {@link ManagementFactory} alone: on JDK 9 and later its first getter, whichever it is,
 * builds the JDK's platform-bean finder (a {@code ServiceLoader} pass over every MBean provider,
 * written with streams and lambdas), which an idle app pays for in classes, JIT work and resident
 * memory, more than for all of the agent's own code (docs/performance.md, "Sixth pass"). The
 * finder's beans are made by {@code sun.management.ManagementFactoryHelper}, which the JDK does not
 * export; the native bootstrap reaches it through JNI, which does not check module access ({@link
 * Natives}, {@code bootstrap.c}). Those are the same objects {@code ManagementFactory} returns,
 * except the thread bean, which is a second instance of the same HotSpot class over the same VM
 * counters.
 *
 * <p>Wherever that route is missing (the {@code -javaagent:} route, a JDK without the helper), or
 * gives something unexpected, each getter asks {@code ManagementFactory} as before.
 */
public final class PlatformBeans {
  // The kinds Natives.bean takes: indexes into bootstrap.c's bean_getters, in its order.
  static final int MEMORY = 0;
  static final int RUNTIME = 1;
  static final int COLLECTORS = 2;
  static final int MEMORY_POOLS = 3;
  static final int BUFFER_POOLS = 4;
  static final int CLASS_LOADING = 5;
  static final int THREADS = 6;

  private static ThreadMXBean threads;

  private PlatformBeans() {}

  public static MemoryMXBean memory() {
    Object bean = Natives.bean(MEMORY);
    return bean instanceof MemoryMXBean ? (MemoryMXBean) bean : ManagementFactory.getMemoryMXBean();
  }

  public static RuntimeMXBean runtime() {
    Object bean = Natives.bean(RUNTIME);
    return bean instanceof RuntimeMXBean
        ? (RuntimeMXBean) bean
        : ManagementFactory.getRuntimeMXBean();
  }

  public static ClassLoadingMXBean classLoading() {
    Object bean = Natives.bean(CLASS_LOADING);
    return bean instanceof ClassLoadingMXBean
        ? (ClassLoadingMXBean) bean
        : ManagementFactory.getClassLoadingMXBean();
  }

  /**
   * The thread bean, made once for the agent. The bootstrap makes only HotSpot's extended bean
   * ({@code com.sun.management.ThreadMXBean}, with the allocated bytes {@code AllocationSource}
   * reads), never the helper's plain one.
   */
  public static synchronized ThreadMXBean threads() {
    if (threads == null) {
      Object bean = Natives.bean(THREADS);
      threads =
          bean instanceof ThreadMXBean ? (ThreadMXBean) bean : ManagementFactory.getThreadMXBean();
    }
    return threads;
  }

  public static List<GarbageCollectorMXBean> collectors() {
    List<GarbageCollectorMXBean> beans =
        listOf(Natives.bean(COLLECTORS), GarbageCollectorMXBean.class);
    return beans != null ? beans : ManagementFactory.getGarbageCollectorMXBeans();
  }

  public static List<MemoryPoolMXBean> memoryPools() {
    List<MemoryPoolMXBean> beans = listOf(Natives.bean(MEMORY_POOLS), MemoryPoolMXBean.class);
    return beans != null ? beans : ManagementFactory.getMemoryPoolMXBeans();
  }

  public static List<BufferPoolMXBean> bufferPools() {
    List<BufferPoolMXBean> beans = listOf(Natives.bean(BUFFER_POOLS), BufferPoolMXBean.class);
    return beans != null ? beans : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class);
  }

  /** {@code value} as a list of {@code type}, or null unless it is one, every element checked. */
  @SuppressWarnings("unchecked") // Each element is checked against type first.
  static <T> List<T> listOf(Object value, Class<T> type) {
    if (!(value instanceof List)) {
      return null;
    }
    for (Object element : (List<?>) value) {
      if (!type.isInstance(element)) {
        return null;
      }
    }
    return (List<T>) value;
  }
}
