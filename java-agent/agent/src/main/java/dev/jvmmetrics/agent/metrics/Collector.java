package dev.jvmmetrics.agent.metrics;

import dev.jvmmetrics.agent.Log;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Reads every {@link MetricSource} into one {@link Sample}, containing each source's failures: a
 * source that throws (an {@code Error} from a broken MXBean included) loses its own metrics for
 * that cycle, never the whole report. A source's failure and its recovery (the first cycle its
 * metrics are back) are each logged once.
 */
public final class Collector implements AutoCloseable {
  private final MetricSource[] sources;
  private final boolean[] failing;
  private final Log log;

  public Collector(Log log, MetricSource... sources) {
    this.log = log;
    this.sources = sources.clone();
    this.failing = new boolean[sources.length];
  }

  /**
   * The sources this JVM supports. Each is looked up here, on the reporter's thread: one that this
   * JVM lacks is left out quietly, one whose set-up fails is left out with one line.
   */
  public static Collector forThisJvm(Log log) {
    List<MetricSource> sources = new ArrayList<>();
    add(sources, log, "MemorySource", MemorySource::forThisJvm);
    add(sources, log, "ContainerMemorySource", ContainerMemorySource::forThisJvm);
    add(sources, log, "GcSource", GcSource::forThisJvm);
    add(sources, log, "SafepointSource", SafepointSource::forThisJvm);
    add(sources, log, "AllocationSource", AllocationSource::forThisJvm);
    add(sources, log, "ThreadSource", ThreadSource::forThisJvm);
    add(sources, log, "ThreadStackSource", ThreadStackSource::forThisJvm);
    return new Collector(log, sources.toArray(new MetricSource[0]));
  }

  private static void add(
      List<MetricSource> sources, Log log, String name, Supplier<MetricSource> factory) {
    try {
      MetricSource source = factory.get();
      if (source != null) {
        sources.add(source);
      }
    } catch (Throwable t) {
      log.warn("metric source unavailable; its metrics are left out", "source", name, "error", t);
    }
  }

  /** Clears {@code sample} and fills it from every source that works this time. */
  public void collectInto(Sample sample) {
    sample.clear();
    for (int i = 0; i < sources.length; i++) {
      sample.checkpoint();
      int before = sample.gaugeCount() + sample.counterCount();
      try {
        sources[i].collectInto(sample);
        // Recovered means its metrics are back: a source that reads only every few cycles (NMT)
        // returns nothing, without failing, on the cycles between, and that is no recovery.
        if (failing[i] && sample.gaugeCount() + sample.counterCount() > before) {
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

  /**
   * Releases what the sources hold (the allocation estimate's GC listeners), once no report
   * follows: at shutdown, after the last report. Never throws.
   */
  @Override
  public void close() {
    for (MetricSource source : sources) {
      if (source instanceof AutoCloseable) {
        try {
          ((AutoCloseable) source).close();
        } catch (Throwable t) {
          // Shutting down: nothing may escape, and there is nothing left to report it to.
        }
      }
    }
  }

  private String name(int i) {
    return sources[i].getClass().getSimpleName();
  }
}
