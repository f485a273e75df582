package dev.jvmmetrics.agent.metrics;

import dev.jvmmetrics.agent.Log;
import java.util.ArrayList;
import java.util.List;

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

  /** The sources {@link #forThisJvm} looks up, in the order their metrics are written. */
  static final String[] SOURCE_NAMES = {
    "MemorySource",
    "ContainerMemorySource",
    "ResidentMemorySource",
    "GcSource",
    "SafepointSource",
    "AllocationSource",
    "ThreadSource",
    "VirtualThreadSource",
    "ThreadStackSource"
  };

  /**
   * The sources this JVM supports. Each is looked up here, on the reporter's thread: one that this
   * JVM lacks is left out quietly, one whose set-up fails is left out with one line.
   */
  public static Collector forThisJvm(Log log) {
    List<MetricSource> sources = new ArrayList<>(SOURCE_NAMES.length);
    for (int i = 0; i < SOURCE_NAMES.length; i++) {
      try {
        MetricSource source = lookUp(i);
        if (source != null) {
          sources.add(source);
        }
      } catch (Throwable t) {
        log.warn(
            "metric source unavailable; its metrics are left out",
            "source",
            SOURCE_NAMES[i],
            "error",
            t);
      }
    }
    return new Collector(log, sources.toArray(new MetricSource[0]));
  }

  /**
   * The source {@code SOURCE_NAMES[i]} for this JVM, or null. A switch rather than a table of
   * factories: a method reference would load java.lang.invoke's lambda machinery into the app.
   */
  static MetricSource lookUp(int i) {
    switch (i) {
      case 0:
        return MemorySource.forThisJvm();
      case 1:
        return ContainerMemorySource.forThisJvm();
      case 2:
        return ResidentMemorySource.forThisJvm();
      case 3:
        return GcSource.forThisJvm();
      case 4:
        return SafepointSource.forThisJvm();
      case 5:
        return AllocationSource.forThisJvm();
      case 6:
        return ThreadSource.forThisJvm();
      case 7:
        // Asked here (FIRST_JDK is inlined): on older JDKs the class is not even loaded.
        return featureVersion() >= VirtualThreadSource.FIRST_JDK
            ? VirtualThreadSource.forThisJvm()
            : null;
      case 8:
        return ThreadStackSource.forThisJvm();
      default:
        throw new IllegalArgumentException("no source " + i);
    }
  }

  /** The JDK's feature version from {@code java.specification.version} ("1.8", "17", "25"). */
  static int featureVersion(String specification) {
    if (specification == null) {
      return 0;
    }
    String feature = specification.startsWith("1.") ? specification.substring(2) : specification;
    int dot = feature.indexOf('.');
    try {
      return Integer.parseInt(dot < 0 ? feature : feature.substring(0, dot));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** This JDK's feature version: 8, 11, 17, 21, 25… */
  static int featureVersion() {
    return featureVersion(System.getProperty("java.specification.version"));
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
