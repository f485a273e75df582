package dev.jvmmetrics.agent.otlp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmmetrics.agent.Log;
import dev.jvmmetrics.agent.metrics.Collector;
import dev.jvmmetrics.agent.metrics.Metric;
import dev.jvmmetrics.agent.metrics.MetricSource;
import dev.jvmmetrics.agent.metrics.Sample;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An export runs every few seconds for the life of the app: once set up, it allocates only what the
 * JDK's beans hand back (a {@code MemoryUsage} per pool and reading), not a buffer, a string or a
 * list of its own. The shared sources are replaced by a stub so that this measures the OTLP path
 * alone (their allocation is measured with the Heroku report's).
 */
class OtlpExportAllocationTest {
  /**
   * Bytes per export: two {@code MemoryUsage} per memory pool (about 40 bytes each, 8 to 10 pools)
   * and room for a {@code Double.toString}, never a body's worth (5 to 15 KB).
   */
  private static final long MAX_BYTES_PER_EXPORT = 2048;

  private static final int EXPORTS = 20;

  /** What the shared sources record, as they record it: the same names every time. */
  private static final class StubSource implements MetricSource {
    @Override
    public void collectInto(Sample sample) {
      sample.gauge(Metric.THREADS_PEAK.heroku(), 12);
      sample.counter(Metric.ALLOCATED.heroku(), 123_456_789);
      sample.nanosCounter(Metric.GC_PAUSE_SECONDS.heroku(), 1_500_000);
    }
  }

  @ParameterizedTest
  @CsvSource({"false, false", "false, true", "true, false", "true, true"})
  void aSteadyStateExportAllocatesAlmostNothing(boolean json, boolean delta) throws Exception {
    Log quiet = new Log(new PrintStream(new ByteArrayOutputStream()));
    Map<String, String> env = new HashMap<>();
    env.put("DYNO", "web.1");
    env.put("HEROKU_APP_NAME", "allocation-test");
    env.put("HEROKU_DYNO_ID", "0b5c9e1d-2f3a-4b6c-8d7e-9f0a1b2c3d4e");
    OtlpPayload.Options options = new OtlpPayload.Options();
    options.json = json;
    options.delta = delta;
    options.resourceAttributes = OtlpPayload.resource(env);
    options.log = quiet;
    options.collector = new Collector(quiet, new StubSource());
    OtlpPayload payload = new OtlpPayload(options);
    try {
      long now = System.currentTimeMillis();
      // The first export encodes each metric's header once; the second is the first steady one.
      for (int i = 0; i < 2; i++) {
        payload.write(now + i);
        payload.commit();
      }
      long before = allocatedBytes();
      for (int i = 0; i < EXPORTS; i++) {
        payload.write(now + 2 + i);
        payload.commit();
      }
      long perExport = (allocatedBytes() - before) / EXPORTS;
      assertTrue(
          perExport <= MAX_BYTES_PER_EXPORT,
          (json ? "JSON" : "protobuf")
              + (delta ? ", delta" : ", cumulative")
              + ": "
              + perExport
              + " bytes allocated per export");
    } finally {
      payload.close();
    }
  }

  @SuppressWarnings("deprecation") // Thread.getId: threadId() is JDK 19 and later.
  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getThreadAllocatedBytes(Thread.currentThread().getId());
  }
}
