package dev.jvmmetrics.agent.metrics;

import dev.jvmmetrics.agent.platform.PerfDataFile;
import dev.jvmmetrics.agent.platform.PlatformBeans;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.util.List;

/**
 * Heap, non-heap and buffer-pool memory, in bytes.
 *
 * <pre>
 * jvm_memory_bytes_used.area_heap            41943040
 * jvm_memory_bytes_committed.area_heap      262144000
 * jvm_memory_bytes_max.area_heap           4164943872
 * jvm_memory_bytes_used.area_nonheap         12087648
 * jvm_memory_bytes_committed.area_nonheap    16318464
 * jvm_buffer_pool_bytes_used.name_direct        8192
 * jvm_buffer_pool_bytes_used.name_mapped           0
 * </pre>
 *
 * <p>The {@code mapped} pool leaves out the agent's own read-only mapping of the JVM's performance
 * counters ({@link PerfDataFile}).
 */
public final class MemorySource implements MetricSource {
  static final String HEAP_USED = Metric.HEAP_USED.heroku();
  static final String HEAP_COMMITTED = Metric.HEAP_COMMITTED.heroku();
  static final String HEAP_MAX = Metric.HEAP_MAX.heroku();
  static final String NONHEAP_USED = Metric.NONHEAP_USED.heroku();
  static final String NONHEAP_COMMITTED = Metric.NONHEAP_COMMITTED.heroku();
  static final String DIRECT_USED = Metric.DIRECT_BUFFERS_USED.heroku();
  static final String MAPPED_USED = Metric.MAPPED_BUFFERS_USED.heroku();

  private final MemoryMXBean memory;
  private final BufferPoolMXBean direct;
  private final BufferPoolMXBean mapped;

  MemorySource(MemoryMXBean memory, List<BufferPoolMXBean> bufferPools) {
    this.memory = memory;
    this.direct = pool(bufferPools, "direct");
    this.mapped = pool(bufferPools, "mapped");
  }

  static MemorySource forThisJvm() {
    return new MemorySource(PlatformBeans.memory(), PlatformBeans.bufferPools());
  }

  private static BufferPoolMXBean pool(List<BufferPoolMXBean> pools, String name) {
    for (BufferPoolMXBean pool : pools) {
      if (name.equals(pool.getName())) {
        return pool;
      }
    }
    return null;
  }

  @Override
  public void collectInto(Sample sample) {
    MemoryUsage heap = memory.getHeapMemoryUsage();
    sample.gauge(HEAP_USED, heap.getUsed());
    sample.gauge(HEAP_COMMITTED, heap.getCommitted());
    if (heap.getMax() >= 0) {
      sample.gauge(HEAP_MAX, heap.getMax());
    }
    MemoryUsage nonHeap = memory.getNonHeapMemoryUsage();
    sample.gauge(NONHEAP_USED, nonHeap.getUsed());
    sample.gauge(NONHEAP_COMMITTED, nonHeap.getCommitted());
    // Heroku's charts expect both pools, so a pool this JVM lacks reads as zero.
    sample.gauge(DIRECT_USED, direct == null ? 0 : Math.max(0, direct.getMemoryUsed()));
    // The agent's own view of the JVM's performance counters is not the application's.
    long mappedUsed = mapped == null ? 0 : mapped.getMemoryUsed() - PerfDataFile.ownMappedBytes();
    sample.gauge(MAPPED_USED, Math.max(0, mappedUsed));
  }
}
