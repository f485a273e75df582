package dev.jvmmetrics.agent;

/**
 * Reads every {@link MetricSource} into one {@link Sample}, containing each source's failures: a
 * source that throws (an {@code Error} from a broken MXBean included) loses its own metrics for
 * that cycle, never the whole report. A source's failure and its recovery are each logged once.
 */
final class Collector {
  private final MetricSource[] sources;
  private final boolean[] failing;
  private final Log log;

  Collector(Log log, MetricSource... sources) {
    this.log = log;
    this.sources = sources.clone();
    this.failing = new boolean[sources.length];
  }

  /** The sources this JVM supports. */
  static Collector forThisJvm(Log log) {
    return new Collector(
        log, MemorySource.forThisJvm(), GcSource.forThisJvm(), ThreadSource.forThisJvm());
  }

  /** Clears {@code sample} and fills it from every source that works this time. */
  void collectInto(Sample sample) {
    sample.clear();
    for (int i = 0; i < sources.length; i++) {
      sample.checkpoint();
      try {
        sources[i].collectInto(sample);
        if (failing[i]) {
          failing[i] = false;
          log.info("metric source recovered", "source", name(i));
        }
      } catch (Throwable t) {
        sample.rollback();
        if (!failing[i]) {
          log.warn(
              "metric source failed; its metrics are left out until it recovers",
              "source",
              name(i),
              "error",
              t.toString());
          failing[i] = true; // Only once said: a recovery nobody saw fail is not announced.
        }
      }
    }
  }

  private String name(int i) {
    return sources[i].getClass().getSimpleName();
  }
}
