package dev.jvmmetrics.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmmetrics.agent.Log;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

class CollectorTest {
  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
  private final Log log = new Log(new PrintStream(logged, true));
  private boolean broken = true;

  private final MetricSource good = sample -> sample.gauge("good", 1);
  private final MetricSource flaky =
      sample -> {
        sample.gauge("flaky_partial", 1);
        sample.counter("flaky_counter", 1);
        if (broken) {
          throw new InternalError("broken MXBean");
        }
      };

  @Test
  void failingSourceDropsOnlyItsOwnMetrics() {
    Sample sample = new Sample();
    new Collector(log, good, flaky, good).collectInto(sample);

    assertEquals(2, sample.gaugeCount());
    assertEquals(0, sample.counterCount());
    assertEquals(-1, sample.findGauge("flaky_partial", -1));
  }

  @Test
  void failureAndRecoveryAreEachLoggedOnce() {
    Collector collector = new Collector(log, flaky);
    Sample sample = new Sample();
    collector.collectInto(sample);
    collector.collectInto(sample);
    collector.collectInto(sample);
    broken = false;
    collector.collectInto(sample);
    collector.collectInto(sample);

    String[] lines = logged.toString().split("\n");
    assertEquals(2, lines.length, logged.toString());
    assertTrue(lines[0].startsWith("at=warn") && lines[0].contains("broken MXBean"), lines[0]);
    assertTrue(lines[1].startsWith("at=info") && lines[1].contains("recovered"), lines[1]);
    assertEquals(1, sample.findCounter("flaky_counter", -1));
  }

  @Test
  void aCycleThatProducesNothingIsNoRecovery() {
    int[] cycle = {0};
    // Like a source that reads only every few cycles: fails, skips, fails, skips...
    MetricSource sometimes =
        sample -> {
          if (cycle[0]++ % 2 == 0) {
            throw new IllegalStateException("read failed");
          }
        };
    Collector collector = new Collector(log, sometimes);
    for (int i = 0; i < 6; i++) {
      collector.collectInto(new Sample());
    }
    String[] lines = logged.toString().split("\n");
    assertEquals(1, lines.length, logged.toString());
    assertTrue(lines[0].startsWith("at=warn") && lines[0].contains("read failed"), lines[0]);
  }

  @Test
  void collectingClearsTheSampleFirst() {
    Sample sample = new Sample();
    sample.gauge("stale", 9);
    new Collector(log, good).collectInto(sample);
    assertEquals(-1, sample.findGauge("stale", -1));
    assertEquals(1, sample.findGauge("good", -1));
  }

  @Test
  void thisJvmsSourcesReportEveryFamilyWithoutAWord() {
    Sample sample = new Sample();
    Collector.forThisJvm(log).collectInto(sample);
    assertEquals("", logged.toString());
    assertTrue(sample.findGauge(MemorySource.HEAP_USED, -1) > 0);
    assertTrue(sample.findGauge(ThreadSource.CURRENT, -1) > 0);
    assertTrue(sample.findCounter(GcSource.PAUSE_COUNT, -1) >= 0);
    assertTrue(sample.findCounter(AllocationSource.ALLOCATED, -1) > 0);
    // This JVM runs without Native Memory Tracking, and the build machine without a memory limit.
    assertEquals(-1, sample.findGauge(ThreadStackSource.STACK_COMMITTED, -1));
  }

  /** A source that holds something until closed, like the allocation estimate's GC listeners. */
  private static final class ClosingSource implements MetricSource, AutoCloseable {
    private final boolean failsToClose;
    int closed;

    ClosingSource(boolean failsToClose) {
      this.failsToClose = failsToClose;
    }

    @Override
    public void collectInto(Sample sample) {}

    @Override
    public void close() {
      closed++;
      if (failsToClose) {
        throw new IllegalStateException("already gone");
      }
    }
  }

  @Test
  void closingReleasesEverySourceThatHoldsSomethingEvenWhenOneFails() {
    ClosingSource failing = new ClosingSource(true);
    ClosingSource holding = new ClosingSource(false);
    new Collector(log, failing, good, holding).close();
    assertEquals(1, failing.closed);
    assertEquals(1, holding.closed);
    assertEquals("", logged.toString());
  }
}
