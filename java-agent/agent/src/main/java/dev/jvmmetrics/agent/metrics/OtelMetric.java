package dev.jvmmetrics.agent.metrics;

/**
 * The OpenTelemetry half of the catalogue: every series the agent sends over OTLP, with its name,
 * instrument, unit and attributes, and the {@link Metric} entry it corresponds to on Heroku's wire
 * (null when Heroku's JSON has no such series). {@link Metric} and this table together are the one
 * catalogue: an entry here whose {@link #sample()} is set is sent from that entry's reading, so the
 * two wires cannot disagree on what was measured.
 *
 * <p>Three kinds of names, never mixed up ({@link #origin()}): the <b>stable</b> JVM semantic
 * conventions, exactly (name, instrument, unit, attributes); the <b>development</b> conventions
 * where they cover what the agent measures (buffer pools, process memory); and the agent's own
 * names under {@value #OWN_PREFIX}, a namespace no convention uses, for what the conventions lack.
 */
public enum OtelMetric {
  JVM_MEMORY_USED(
      "jvm.memory.used",
      Instrument.UP_DOWN_COUNTER,
      "By",
      Origin.STABLE,
      "jvm.memory.type, jvm.memory.pool.name",
      Metric.HEAP_USED,
      null,
      "Memory used, per pool."),
  JVM_MEMORY_COMMITTED(
      "jvm.memory.committed",
      Instrument.UP_DOWN_COUNTER,
      "By",
      Origin.STABLE,
      "jvm.memory.type, jvm.memory.pool.name",
      Metric.HEAP_COMMITTED,
      null,
      "Memory committed, per pool."),
  JVM_MEMORY_LIMIT(
      "jvm.memory.limit",
      Instrument.UP_DOWN_COUNTER,
      "By",
      Origin.STABLE,
      "jvm.memory.type, jvm.memory.pool.name",
      Metric.HEAP_MAX,
      null,
      "The most memory a pool can take; absent for a pool without a limit."),
  JVM_MEMORY_USED_AFTER_LAST_GC(
      "jvm.memory.used_after_last_gc",
      Instrument.UP_DOWN_COUNTER,
      "By",
      Origin.STABLE,
      "jvm.memory.type, jvm.memory.pool.name",
      null,
      null,
      "Memory used in a pool just after the last collection that touched it."),
  JVM_GC_DURATION(
      "jvm.gc.duration",
      Instrument.HISTOGRAM,
      "s",
      Origin.STABLE,
      "jvm.gc.name, jvm.gc.action",
      Metric.GC_COLLECTOR_COUNT,
      null,
      "Duration of each collection, from GC notifications; buckets 0.01, 0.1, 1, 10 s."),
  JVM_THREAD_COUNT(
      "jvm.thread.count",
      Instrument.UP_DOWN_COUNTER,
      "{thread}",
      Origin.STABLE,
      "jvm.thread.daemon",
      Metric.THREADS,
      null,
      "Live platform threads, daemon and not."),
  JVM_CLASS_LOADED(
      "jvm.class.loaded",
      Instrument.COUNTER,
      "{class}",
      Origin.STABLE,
      "",
      null,
      null,
      "Classes loaded since the JVM started."),
  JVM_CLASS_UNLOADED(
      "jvm.class.unloaded",
      Instrument.COUNTER,
      "{class}",
      Origin.STABLE,
      "",
      null,
      null,
      "Classes unloaded since the JVM started."),
  JVM_CLASS_COUNT(
      "jvm.class.count",
      Instrument.UP_DOWN_COUNTER,
      "{class}",
      Origin.STABLE,
      "",
      null,
      null,
      "Classes loaded now."),
  JVM_CPU_TIME(
      "jvm.cpu.time",
      Instrument.COUNTER,
      "s",
      Origin.STABLE,
      "",
      null,
      null,
      "CPU time of the whole JVM process."),
  JVM_CPU_COUNT(
      "jvm.cpu.count",
      Instrument.UP_DOWN_COUNTER,
      "{cpu}",
      Origin.STABLE,
      "",
      null,
      null,
      "Processors available to the JVM."),
  JVM_CPU_RECENT_UTILIZATION(
      "jvm.cpu.recent_utilization",
      Instrument.GAUGE,
      "1",
      Origin.STABLE,
      "",
      null,
      null,
      "Recent CPU use of the JVM process, 0 to 1; absent where the JVM cannot tell."),
  JVM_BUFFER_MEMORY_USED(
      "jvm.buffer.memory.used",
      Instrument.UP_DOWN_COUNTER,
      "By",
      Origin.DEVELOPMENT,
      "jvm.buffer.pool.name",
      Metric.DIRECT_BUFFERS_USED,
      null,
      "Memory used by a buffer pool (direct, mapped)."),
  JVM_BUFFER_MEMORY_LIMIT(
      "jvm.buffer.memory.limit",
      Instrument.UP_DOWN_COUNTER,
      "By",
      Origin.DEVELOPMENT,
      "jvm.buffer.pool.name",
      null,
      null,
      "Total capacity of a buffer pool's buffers."),
  JVM_BUFFER_COUNT(
      "jvm.buffer.count",
      Instrument.UP_DOWN_COUNTER,
      "{buffer}",
      Origin.DEVELOPMENT,
      "jvm.buffer.pool.name",
      null,
      null,
      "Buffers in a buffer pool."),
  PROCESS_MEMORY_USAGE(
      "process.memory.usage",
      Instrument.UP_DOWN_COUNTER,
      "By",
      Origin.DEVELOPMENT,
      "",
      Metric.PROCESS_RESIDENT_MEMORY,
      Metric.PROCESS_RESIDENT_MEMORY,
      "Resident memory of the process (RSS)."),
  CONTAINER_MEMORY_LIMIT(
      OtelMetric.OWN_PREFIX + "container.memory.limit",
      Instrument.UP_DOWN_COUNTER,
      "By",
      Origin.OWN,
      "",
      Metric.CONTAINER_MEMORY_LIMIT,
      Metric.CONTAINER_MEMORY_LIMIT,
      "The dyno's memory quota (cgroup limit); absent when unlimited."),
  GC_COLLECTIONS(
      OtelMetric.OWN_PREFIX + "gc.collection.count",
      Instrument.COUNTER,
      "{collection}",
      Origin.OWN,
      "",
      Metric.GC_COLLECTIONS,
      Metric.GC_COLLECTIONS,
      "Collections by every collector since the JVM started; a ZGC pause is not one."),
  GC_PAUSES(
      OtelMetric.OWN_PREFIX + "gc.pause.count",
      Instrument.COUNTER,
      "{pause}",
      Origin.OWN,
      "",
      Metric.GC_PAUSES,
      Metric.GC_PAUSES,
      "Stop-the-world GC pauses, all collectors."),
  GC_PAUSE_TIME(
      OtelMetric.OWN_PREFIX + "gc.pause.time",
      Instrument.COUNTER,
      "s",
      Origin.OWN,
      "",
      Metric.GC_PAUSE_SECONDS,
      Metric.GC_PAUSE_SECONDS,
      "Time in stop-the-world GC pauses, all collectors."),
  GC_CONCURRENT_CYCLES(
      OtelMetric.OWN_PREFIX + "gc.concurrent.count",
      Instrument.COUNTER,
      "{cycle}",
      Origin.OWN,
      "",
      Metric.GC_CONCURRENT_CYCLES,
      Metric.GC_CONCURRENT_CYCLES,
      "Concurrent GC cycles (ZGC, Shenandoah)."),
  GC_CONCURRENT_TIME(
      OtelMetric.OWN_PREFIX + "gc.concurrent.time",
      Instrument.COUNTER,
      "s",
      Origin.OWN,
      "",
      Metric.GC_CONCURRENT_SECONDS,
      Metric.GC_CONCURRENT_SECONDS,
      "Time in concurrent GC cycles, beside the running application."),
  SAFEPOINTS(
      OtelMetric.OWN_PREFIX + "safepoint.count",
      Instrument.COUNTER,
      "{safepoint}",
      Origin.OWN,
      "",
      Metric.SAFEPOINTS,
      Metric.SAFEPOINTS,
      "Safepoints: every time the JVM stopped the application."),
  SAFEPOINT_TIME(
      OtelMetric.OWN_PREFIX + "safepoint.time",
      Instrument.COUNTER,
      "s",
      Origin.OWN,
      "",
      Metric.SAFEPOINT_SECONDS,
      Metric.SAFEPOINT_SECONDS,
      "Time the application was stopped at safepoints, time to safepoint included."),
  SAFEPOINT_SYNC_TIME(
      OtelMetric.OWN_PREFIX + "safepoint.sync.time",
      Instrument.COUNTER,
      "s",
      Origin.OWN,
      "",
      Metric.SAFEPOINT_SYNC_SECONDS,
      Metric.SAFEPOINT_SYNC_SECONDS,
      "Of the safepoint time, the time to safepoint."),
  ALLOCATED(
      OtelMetric.OWN_PREFIX + "memory.allocated",
      Instrument.COUNTER,
      "By",
      Origin.OWN,
      "",
      Metric.ALLOCATED,
      Metric.ALLOCATED,
      "Bytes allocated on the heap (allocation churn)."),
  THREADS_PEAK(
      OtelMetric.OWN_PREFIX + "thread.peak",
      Instrument.GAUGE,
      "{thread}",
      Origin.OWN,
      "",
      Metric.THREADS_PEAK,
      Metric.THREADS_PEAK,
      "Most live threads since the JVM started."),
  VIRTUAL_THREADS_MOUNTED(
      OtelMetric.OWN_PREFIX + "thread.virtual.mounted",
      Instrument.UP_DOWN_COUNTER,
      "{thread}",
      Origin.OWN,
      "",
      Metric.VIRTUAL_THREADS_MOUNTED,
      Metric.VIRTUAL_THREADS_MOUNTED,
      "Virtual threads mounted on a carrier now; JDK 24 and later."),
  VIRTUAL_THREADS_QUEUED(
      OtelMetric.OWN_PREFIX + "thread.virtual.queued",
      Instrument.UP_DOWN_COUNTER,
      "{thread}",
      Origin.OWN,
      "",
      Metric.VIRTUAL_THREADS_QUEUED,
      Metric.VIRTUAL_THREADS_QUEUED,
      "Virtual threads waiting for a carrier; JDK 24 and later."),
  CARRIER_PARALLELISM(
      OtelMetric.OWN_PREFIX + "thread.carrier.parallelism",
      Instrument.UP_DOWN_COUNTER,
      "{thread}",
      Origin.OWN,
      "",
      Metric.CARRIER_PARALLELISM,
      Metric.CARRIER_PARALLELISM,
      "The virtual-thread scheduler's target number of carriers; JDK 24 and later."),
  CARRIER_POOL_SIZE(
      OtelMetric.OWN_PREFIX + "thread.carrier.pool_size",
      Instrument.UP_DOWN_COUNTER,
      "{thread}",
      Origin.OWN,
      "",
      Metric.CARRIER_POOL_SIZE,
      Metric.CARRIER_POOL_SIZE,
      "Carrier threads started and not ended; JDK 24 and later."),
  THREAD_STACKS_COMMITTED(
      OtelMetric.OWN_PREFIX + "thread.stack.committed",
      Instrument.UP_DOWN_COUNTER,
      "By",
      Origin.OWN,
      "",
      Metric.THREAD_STACKS_COMMITTED,
      Metric.THREAD_STACKS_COMMITTED,
      "Memory committed to thread stacks; only with Native Memory Tracking on.");

  /** The agent's own namespace: no semantic convention defines names under it. */
  public static final String OWN_PREFIX = "jvmmetrics.";

  /** The OpenTelemetry instrument; it decides the OTLP type and temporality. */
  public enum Instrument {
    /** OTLP Gauge. */
    GAUGE,
    /** OTLP Sum, monotonic; cumulative or delta as configured. */
    COUNTER,
    /** OTLP Sum, not monotonic; always cumulative, as the SDK specification says. */
    UP_DOWN_COUNTER,
    /** OTLP Histogram with explicit buckets; cumulative or delta as configured. */
    HISTOGRAM
  }

  /** Where the name comes from. */
  public enum Origin {
    STABLE,
    DEVELOPMENT,
    OWN
  }

  private final String otel;
  private final Instrument instrument;
  private final String unit;
  private final Origin origin;
  private final String attributes;
  private final Metric heroku;
  private final Metric sample;
  private final String description;

  OtelMetric(
      String otel,
      Instrument instrument,
      String unit,
      Origin origin,
      String attributes,
      Metric heroku,
      Metric sample,
      String description) {
    this.otel = otel;
    this.instrument = instrument;
    this.unit = unit;
    this.origin = origin;
    this.attributes = attributes;
    this.heroku = heroku;
    this.sample = sample;
    this.description = description;
  }

  /** The name on the OTLP wire. */
  public String otel() {
    return otel;
  }

  public Instrument instrument() {
    return instrument;
  }

  /** The UCUM unit, as the conventions write it ({@code By}, {@code s}, {@code {thread}}). */
  public String unit() {
    return unit;
  }

  public Origin origin() {
    return origin;
  }

  /** The attributes of each point, comma-separated; empty when a series has none. */
  public String attributes() {
    return attributes;
  }

  /** The Heroku catalogue entry measuring the same thing (or its nearest), or null. */
  public Metric heroku() {
    return heroku;
  }

  /**
   * The entry whose reading in the shared {@link Sample} this series is sent from, or null when the
   * OTLP payload reads it itself (per pool, per buffer pool, per GC event).
   */
  public Metric sample() {
    return sample;
  }

  public String description() {
    return description;
  }
}
