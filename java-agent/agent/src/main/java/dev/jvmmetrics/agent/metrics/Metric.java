package dev.jvmmetrics.agent.metrics;

/**
 * The catalogue: every measurement the agent sends, declared once with its name on the wire, its
 * kind, its unit, and whether Heroku's own JVM charts read it. The sources take their names from
 * here, and the preview and the docs check read the same entries, so none of them can disagree.
 *
 * <p>A name ending in {@value #NAME_PLACEHOLDER} is a template: one series per collector bean, with
 * the bean's name (spaces turned into underscores) in place of the placeholder, as Heroku's agent
 * spells it. Counters are running totals in the sample and deltas on the wire; a counter in {@code
 * seconds} is kept in nanoseconds until written.
 *
 * <p>The OpenTelemetry names live beside this table, in {@link OtelMetric}: each of its entries
 * names the entry here that measures the same thing, so the two wires share one catalogue.
 */
public enum Metric {
  HEAP_USED(
      "jvm_memory_bytes_used.area_heap",
      Kind.GAUGE,
      "bytes",
      true,
      "Heap in use, live objects and garbage not yet collected."),
  HEAP_COMMITTED(
      "jvm_memory_bytes_committed.area_heap",
      Kind.GAUGE,
      "bytes",
      true,
      "Heap the JVM has taken from the operating system."),
  HEAP_MAX(
      "jvm_memory_bytes_max.area_heap",
      Kind.GAUGE,
      "bytes",
      false,
      "The most heap the JVM will take (-Xmx); absent when undefined."),
  NONHEAP_USED(
      "jvm_memory_bytes_used.area_nonheap",
      Kind.GAUGE,
      "bytes",
      true,
      "Non-heap in use: metaspace, compressed class space, code cache."),
  NONHEAP_COMMITTED(
      "jvm_memory_bytes_committed.area_nonheap",
      Kind.GAUGE,
      "bytes",
      true,
      "Non-heap the JVM has taken from the operating system."),
  DIRECT_BUFFERS_USED(
      "jvm_buffer_pool_bytes_used.name_direct",
      Kind.GAUGE,
      "bytes",
      true,
      "Direct byte buffers (ByteBuffer.allocateDirect), outside the heap."),
  MAPPED_BUFFERS_USED(
      "jvm_buffer_pool_bytes_used.name_mapped",
      Kind.GAUGE,
      "bytes",
      true,
      "Memory-mapped files (FileChannel.map), outside the heap."),
  CONTAINER_MEMORY_LIMIT(
      "container_memory_limit_bytes",
      Kind.GAUGE,
      "bytes",
      false,
      "The dyno's memory quota (cgroup limit); absent when unlimited."),
  PROCESS_RESIDENT_MEMORY(
      "process_resident_memory_bytes",
      Kind.GAUGE,
      "bytes",
      false,
      "The process's resident memory (RSS): heap, non-heap and the native memory the JVM "
          + "does not report; absent without /proc."),
  GC_COLLECTOR_COUNT(
      "jvm_gc_collection_seconds_count.gc_" + Metric.NAME_PLACEHOLDER,
      Kind.COUNTER,
      "events",
      true,
      "Events of one collector bean, as the bean counts them."),
  GC_COLLECTOR_SECONDS(
      "jvm_gc_collection_seconds_sum.gc_" + Metric.NAME_PLACEHOLDER,
      Kind.COUNTER,
      "seconds",
      true,
      "Time of one collector bean, as the bean counts it."),
  GC_COLLECTIONS(
      "jvm_gc_collection_seconds_count.gc_all",
      Kind.COUNTER,
      "collections",
      true,
      "Collections by every collector; a ZGC or Shenandoah pause is not one."),
  GC_PAUSES(
      "jvm_gc_pause_seconds_count",
      Kind.COUNTER,
      "pauses",
      false,
      "Stop-the-world GC pauses, all collectors."),
  GC_PAUSE_SECONDS(
      "jvm_gc_pause_seconds_sum",
      Kind.COUNTER,
      "seconds",
      false,
      "Time in stop-the-world GC pauses, all collectors."),
  GC_CONCURRENT_CYCLES(
      "jvm_gc_concurrent_seconds_count",
      Kind.COUNTER,
      "cycles",
      false,
      "Concurrent GC cycles; only with a concurrent collector (ZGC, Shenandoah)."),
  GC_CONCURRENT_SECONDS(
      "jvm_gc_concurrent_seconds_sum",
      Kind.COUNTER,
      "seconds",
      false,
      "Time in concurrent GC cycles, beside the running application."),
  SAFEPOINTS(
      "jvm_safepoint_seconds_count",
      Kind.COUNTER,
      "safepoints",
      false,
      "Safepoints: every time the JVM stopped the application, for GC or anything else."),
  SAFEPOINT_SECONDS(
      "jvm_safepoint_seconds_sum",
      Kind.COUNTER,
      "seconds",
      false,
      "Time the application was stopped at safepoints, time to safepoint included."),
  SAFEPOINT_SYNC_SECONDS(
      "jvm_safepoint_sync_seconds_sum",
      Kind.COUNTER,
      "seconds",
      false,
      "Of the safepoint time, the part spent waiting for threads to reach it."),
  ALLOCATED(
      "jvm_memory_bytes_allocated",
      Kind.COUNTER,
      "bytes",
      false,
      "Bytes allocated on the heap (allocation churn)."),
  THREADS(
      "jvm_threads_current", Kind.GAUGE, "threads", false, "Live platform threads, daemon or not."),
  THREADS_DAEMON("jvm_threads_daemon", Kind.GAUGE, "threads", false, "Live daemon threads."),
  THREADS_PEAK(
      "jvm_threads_peak", Kind.GAUGE, "threads", false, "Most live threads since the JVM started."),
  VIRTUAL_THREADS_MOUNTED(
      "jvm_threads_virtual_mounted",
      Kind.GAUGE,
      "threads",
      false,
      "Virtual threads mounted on a carrier now; JDK 24 and later."),
  VIRTUAL_THREADS_QUEUED(
      "jvm_threads_virtual_queued",
      Kind.GAUGE,
      "threads",
      false,
      "Virtual threads waiting for a carrier to start or go on; JDK 24 and later."),
  CARRIER_PARALLELISM(
      "jvm_threads_carrier_parallelism",
      Kind.GAUGE,
      "threads",
      false,
      "The virtual-thread scheduler's target number of carriers; JDK 24 and later."),
  CARRIER_POOL_SIZE(
      "jvm_threads_carrier_pool_size",
      Kind.GAUGE,
      "threads",
      false,
      "Carrier (platform) threads the scheduler has started and not ended; JDK 24 and later."),
  THREAD_STACKS_COMMITTED(
      "jvm_threads_stack_bytes_committed",
      Kind.GAUGE,
      "bytes",
      false,
      "Memory committed to thread stacks; only with Native Memory Tracking on.");

  /** Stands for a collector bean's name in a template. */
  public static final String NAME_PLACEHOLDER = "<Name>";

  /**
   * A gauge is a value now; a counter a running total, sent as the change since the last report.
   */
  public enum Kind {
    GAUGE,
    COUNTER
  }

  private final String heroku;
  private final Kind kind;
  private final String unit;
  private final boolean herokuCharts;
  private final String description;

  Metric(String heroku, Kind kind, String unit, boolean herokuCharts, String description) {
    this.heroku = heroku;
    this.kind = kind;
    this.unit = unit;
    this.herokuCharts = herokuCharts;
    this.description = description;
  }

  /** The name in Heroku's JSON; a template when {@link #isTemplate()}. */
  public String heroku() {
    return heroku;
  }

  /** The name of one collector's series: {@code name} (already spelled for the wire) in place. */
  public String herokuFor(String name) {
    if (!isTemplate()) {
      throw new IllegalStateException(this + " is not a per-collector template");
    }
    return heroku.substring(0, heroku.length() - NAME_PLACEHOLDER.length()) + name;
  }

  public boolean isTemplate() {
    return heroku.endsWith(NAME_PLACEHOLDER);
  }

  public Kind kind() {
    return kind;
  }

  /** What one unit of the value is: bytes, seconds, threads, or the events a counter counts. */
  public String unit() {
    return unit;
  }

  /** Whether Heroku's own JVM charts read this name (the names Heroku's agent sends). */
  public boolean herokuCharts() {
    return herokuCharts;
  }

  /** One line on what is measured. */
  public String description() {
    return description;
  }

  /**
   * The entry a name on Heroku's wire belongs to (a template's for a per-collector name), or null
   * when the catalogue has none. An exact name wins over a template, so {@code gc_all} is {@link
   * #GC_COLLECTIONS}, not a collector's series.
   */
  public static Metric ofHeroku(String wireName) {
    Metric template = null;
    for (Metric metric : values()) {
      if (metric.heroku.equals(wireName)) {
        return metric;
      }
      if (template == null && metric.isTemplate()) {
        String prefix = metric.herokuFor("");
        if (wireName.startsWith(prefix) && wireName.length() > prefix.length()) {
          template = metric;
        }
      }
    }
    return template;
  }
}
