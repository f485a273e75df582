package dev.jvmmetrics.agent.otlp;

import dev.jvmmetrics.agent.Log;
import dev.jvmmetrics.agent.report.Payload;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One OTLP export's work on the reporter thread, run by {@code make bench} with JMH's gc profiler:
 * read every source of this JVM and write the {@code ExportMetricsServiceRequest} body, as protobuf
 * and as JSON ({@code encoding}), then commit it as delivered. Each iteration also prints the
 * thread's own CPU per export ({@code cpu-per-op}) and the body's size ({@code bytes}), before any
 * gzip; the resource is a Heroku dyno's.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class OtlpExportBenchmark {
  @Param({"protobuf", "json"})
  public String encoding;

  private OtlpPayload payload;
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private long operations;
  private long cpuAtStart;
  private int bytes;

  @Setup
  public void setUp() {
    Map<String, String> env = new HashMap<>();
    env.put("HEROKU_APP_NAME", "bench-app");
    env.put("HEROKU_APP_ID", "6a1b7c52-4d8e-4a3f-9e0d-1f2a3b4c5d6e");
    env.put("HEROKU_DYNO_ID", "0b5c9e1d-2f3a-4b6c-8d7e-9f0a1b2c3d4e");
    env.put("HEROKU_RELEASE_VERSION", "v42");
    env.put("DYNO", "web.1");
    OtlpPayload.Options options = new OtlpPayload.Options();
    options.json = encoding.equals("json");
    options.resourceAttributes = OtlpPayload.resource(env);
    options.log = new Log(new PrintStream(new ByteArrayOutputStream()));
    payload = new OtlpPayload(options);
  }

  @TearDown
  public void tearDown() {
    payload.close();
  }

  @Setup(Level.Iteration)
  public void startCounting() {
    operations = 0;
    cpuAtStart = threads.getCurrentThreadCpuTime();
  }

  @TearDown(Level.Iteration)
  public void printCpuPerOperation() {
    long cpu = threads.getCurrentThreadCpuTime() - cpuAtStart;
    System.out.printf(
        " cpu-per-op %.1f us bytes %d ", cpu / 1_000.0 / Math.max(1, operations), bytes);
  }

  @Benchmark
  public int export() throws Exception {
    Payload.Body body = payload.write(System.currentTimeMillis());
    payload.commit();
    operations++;
    bytes = body.length();
    return bytes;
  }
}
