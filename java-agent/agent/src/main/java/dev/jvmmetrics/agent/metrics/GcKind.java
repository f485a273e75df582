package dev.jvmmetrics.agent.metrics;

/**
 * What one garbage-collector MXBean counts, decided from its name (checked against {@code -Xlog:gc}
 * on each collector).
 */
enum GcKind {
  /**
   * Each event is a stop-the-world collection: Serial, Parallel and G1's young, mixed and full
   * collections. Counts towards collections and pauses.
   */
  COLLECTION(true, true),
  /**
   * Each event is a stop-the-world pause that is not a collection of its own: {@code ZGC Pauses},
   * {@code Shenandoah Pauses}, and {@code G1 Concurrent GC} (JDK 20+, whose events are the Remark
   * and Cleanup pauses).
   */
  PAUSE(false, true),
  /**
   * Each event is a concurrent cycle, a collection that mostly runs beside the application: {@code
   * ZGC Cycles}, {@code ZGC Major Cycles}, {@code Shenandoah Cycles}. Its time is not a pause.
   */
  CONCURRENT_CYCLE(true, false);

  /** Whether each event counts in {@code jvm_gc_collection_seconds_count.gc_all}. */
  final boolean isCollection;

  /** Whether each event and its time count as stop-the-world pauses. */
  final boolean isPause;

  GcKind(boolean isCollection, boolean isPause) {
    this.isCollection = isCollection;
    this.isPause = isPause;
  }

  /** Classifies a collector bean by name; a name nobody has seen yet is a stop-the-world one. */
  static GcKind of(String beanName) {
    if (beanName.endsWith(" Cycles")) {
      return CONCURRENT_CYCLE;
    }
    if (beanName.endsWith(" Pauses") || beanName.equals("G1 Concurrent GC")) {
      return PAUSE;
    }
    return COLLECTION;
  }
}
