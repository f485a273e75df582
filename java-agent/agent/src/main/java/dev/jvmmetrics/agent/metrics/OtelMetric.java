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
      "Memory used, per pool."),
  JVM_MEMORY_COMMITTED(
      "jvm.memory.committed",
      Instrument.UP_DOWN_COUNTER,
      "By",
      Origin.STABLE,
      "jvm.memory.type, jvm.memory.pool.name",
      Metric.HEAP_COMMITTED,
      "Memory committed, per pool."),
  JVM_MEMORY_LIMIT(
      "jvm.memory.limit",
      Instrument.UP_DOWN_COUNTER,
      "By",
      Origin.STABLE,
      "jvm.memory.type, jvm.memory.pool.name",
      Metric.HEAP_MAX,
      "The most memory a pool can take; absent for a pool without a limit."),
  JVM_MEMORY_USED_AFTER_LAST_GC(
      "jvm.memory.used_after_last_gc",
      Instrument.UP_DOWN_COUNTER,
      "By",
      Origin.STABLE,
      "jvm.memory.type, jvm.memory.pool.name",
      null,
      "Memory used in a pool just after the last collection that touched it."),
  JVM_GC_DURATION(
      "jvm.gc.duration",
      Instrument.HISTOGRAM,
      "s",
      Origin.STABLE,
      "jvm.gc.name, jvm.gc.action",
      Metric.GC_COLLECTOR_COUNT,
      "Duration of each collection, from GC notifications; buckets 0.01, 0.1, 1, 10 s."),
  JVM_THREAD_COUNT(
      "jvm.thread.count",
      Instrument.UP_DOWN_COUNTER,
      "{thread}",
      Origin.STABLE,
      "jvm.thread.daemon",
      Metric.THREADS,
      "Live platform threads, daemon and not."),
  JVM_CLASS_LOADED(
      "jvm.class.loaded",
      Instrument.COUNTER,
      "{class}",
      Origin.STABLE,
      "",
      null,
      "Classes loaded since the JVM started."),
  JVM_CLASS_UNLOADED(
      "jvm.class.unloaded",
      Instrument.COUNTER,
      "{class}",
      Origin.STABLE,
      "",
      null,
      "Classes unloaded since the JVM started."),
  JVM_CLASS_COUNT(
      "jvm.class.count",
      Instrument.UP_DOWN_COUNTER,
      "{class}",
      Origin.STABLE,
      "",
      null,
      "Classes loaded now."),
  JVM_CPU_TIME(
      "jvm.cpu.time",
      Instrument.COUNTER,
      "s",
      Origin.STABLE,
      "",
      null,
      "CPU time of the whole JVM process."),
  JVM_CPU_COUNT(
      "jvm.cpu.count",
      Instrument.UP_DOWN_COUNTER,
      "{cpu}",
      Origin.STABLE,
      "",
      null,
      "Processors available to the JVM."),
  JVM_CPU_RECENT_UTILIZATION(
      "jvm.cpu.recent_utilization",
      Instrument.GAUGE,
      "1",
      Origin.STABLE,
      "",
      null,
      "Recent CPU use of the JVM process, 0 to 1; absent where the JVM cannot tell."),
  JVM_BUFFER_MEMORY_USED(
      "jvm.buffer.memory.used",
      Instrument.UP_DOWN_COUNTER,
      "By",
      Origin.DEVELOPMENT,
      "jvm.buffer.pool.name",
      Metric.DIRECT_BUFFERS_USED,
      "Memory used by a buffer pool (direct, mapped)."),
  JVM_BUFFER_MEMORY_LIMIT(
      "jvm.buffer.memory.limit",
      Instrument.UP_DOWN_COUNTER,
      "By",
      Origin.DEVELOPMENT,
      "jvm.buffer.pool.name",
      null,
      "Total capacity of a buffer pool's buffers."),
  JVM_BUFFER_COUNT(
      "jvm.buffer.count",
      Instrument.UP_DOWN_COUNTER,
      "{buffer}",
      Origin.DEVELOPMENT,
      "jvm.buffer.pool.name",
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
      "container.memory.limit",
      Instrument.UP_DOWN_COUNTER,
      "By",
      Metric.CONTAINER_MEMORY_LIMIT,
      "The dyno's memory quota (cgroup limit); absent when unlimited."),
  GC_COLLECTIONS(
      "gc.collection.count",
      Instrument.COUNTER,
      "{collection}",
      Metric.GC_COLLECTIONS,
      "Collections by every collector since the JVM started; a ZGC pause is not one."),
  GC_PAUSES(
      "gc.pause.count",
      Instrument.COUNTER,
      "{pause}",
      Metric.GC_PAUSES,
      "Stop-the-world GC pauses, all collectors."),
  GC_PAUSE_TIME(
      "gc.pause.time",
      Instrument.COUNTER,
      "s",
      Metric.GC_PAUSE_SECONDS,
      "Time in stop-the-world GC pauses, all collectors."),
  GC_CONCURRENT_CYCLES(
      "gc.concurrent.count",
      Instrument.COUNTER,
      "{cycle}",
      Metric.GC_CONCURRENT_CYCLES,
      "Concurrent GC cycles (ZGC, Shenandoah)."),
  GC_CONCURRENT_TIME(
      "gc.concurrent.time",
      Instrument.COUNTER,
      "s",
      Metric.GC_CONCURRENT_SECONDS,
      "Time in concurrent GC cycles, beside the running application."),
  SAFEPOINTS(
      "safepoint.count",
      Instrument.COUNTER,
      "{safepoint}",
      Metric.SAFEPOINTS,
      "Safepoints: every time the JVM stopped the application."),
  SAFEPOINT_TIME(
      "safepoint.time",
      Instrument.COUNTER,
      "s",
      Metric.SAFEPOINT_SECONDS,
      "Time the application was stopped at safepoints, time to safepoint included."),
  SAFEPOINT_SYNC_TIME(
      "safepoint.sync.time",
      Instrument.COUNTER,
      "s",
      Metric.SAFEPOINT_SYNC_SECONDS,
      "Of the safepoint time, the time to safepoint."),
  ALLOCATED(
      "memory.allocated",
      Instrument.COUNTER,
      "By",
      Metric.ALLOCATED,
      "Bytes allocated on the heap (allocation churn)."),
  THREADS_PEAK(
      "thread.peak",
      Instrument.GAUGE,
      "{thread}",
      Metric.THREADS_PEAK,
      "Most live threads since the JVM started."),
  VIRTUAL_THREADS_MOUNTED(
      "thread.virtual.mounted",
      Instrument.UP_DOWN_COUNTER,
      "{thread}",
      Metric.VIRTUAL_THREADS_MOUNTED,
      "Virtual threads mounted on a carrier now; JDK 24 and later."),
  VIRTUAL_THREADS_QUEUED(
      "thread.virtual.queued",
      Instrument.UP_DOWN_COUNTER,
      "{thread}",
      Metric.VIRTUAL_THREADS_QUEUED,
      "Virtual threads waiting for a carrier; JDK 24 and later."),
  CARRIER_PARALLELISM(
      "thread.carrier.parallelism",
      Instrument.UP_DOWN_COUNTER,
      "{thread}",
      Metric.CARRIER_PARALLELISM,
      "The virtual-thread scheduler's target number of carriers; JDK 24 and later."),
  CARRIER_POOL_SIZE(
      "thread.carrier.pool_size",
      Instrument.UP_DOWN_COUNTER,
      "{thread}",
      Metric.CARRIER_POOL_SIZE,
      "Carrier threads started and not ended; JDK 24 and later."),
  THREAD_STACKS_COMMITTED(
      "thread.stack.committed",
      Instrument.UP_DOWN_COUNTER,
      "By",
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

  /** One of the agent's own series: its name under {@link #OWN_PREFIX}, sent from {@code twin}. */
  OtelMetric(String ownName, Instrument instrument, String unit, Metric twin, String description) {
    this(OWN_PREFIX + ownName, instrument, unit, Origin.OWN, "", twin, twin, description);
  }

  /** A conventions series that the OTLP payload reads itself. */
  OtelMetric(
      String otel,
      Instrument instrument,
      String unit,
      Origin origin,
      String attributes,
      Metric heroku,
      String description) {
    this(otel, instrument, unit, origin, attributes, heroku, null, description);
  }

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
