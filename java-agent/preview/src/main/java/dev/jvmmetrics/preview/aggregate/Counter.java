package dev.jvmmetrics.preview.aggregate;

/**
 * The counters the six charts draw, by their names on the wire. Each report carries a counter's
 * delta since the dyno's previous delivered report; across dynos a counter is charted as the sum
 * for a period (allocation also as each dyno's minimum, maximum and average).
 */
public enum Counter {
  PAUSE_SECONDS("jvm_gc_pause_seconds_sum"),
  PAUSES("jvm_gc_pause_seconds_count"),
  SAFEPOINT_SECONDS("jvm_safepoint_seconds_sum"),
  COLLECTIONS("jvm_gc_collection_seconds_count.gc_all"),
  ALLOCATED_BYTES("jvm_memory_bytes_allocated");

  private final String wireName;

  Counter(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
