package dev.jvmmetrics.preview.aggregate;

/**
 * The gauges the six charts draw, by their names on the wire. Across the dynos of a process type a
 * gauge is charted as its maximum and average for a period (threads also as minimum and total).
 */
public enum Gauge {
  HEAP_USED("jvm_memory_bytes_used.area_heap"),
  HEAP_COMMITTED("jvm_memory_bytes_committed.area_heap"),
  HEAP_MAX("jvm_memory_bytes_max.area_heap"),
  MEMORY_LIMIT("container_memory_limit_bytes"),
  NONHEAP_USED("jvm_memory_bytes_used.area_nonheap"),
  NONHEAP_COMMITTED("jvm_memory_bytes_committed.area_nonheap"),
  DIRECT_BUFFERS("jvm_buffer_pool_bytes_used.name_direct"),
  MAPPED_BUFFERS("jvm_buffer_pool_bytes_used.name_mapped"),
  THREAD_STACKS("jvm_threads_stack_bytes_committed"),
  THREADS("jvm_threads_current"),
  RESIDENT_MEMORY("process_resident_memory_bytes"),
  VIRTUAL_MOUNTED("jvm_threads_virtual_mounted"),
  VIRTUAL_QUEUED("jvm_threads_virtual_queued"),
  CARRIERS("jvm_threads_carrier_pool_size");

  private final String wireName;

  Gauge(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
