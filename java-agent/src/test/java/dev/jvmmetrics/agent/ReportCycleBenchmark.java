package dev.jvmmetrics.agent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One report's work on the reporter thread, minus the network: read every source of this JVM into
 * the sample, write the JSON body, and commit the counters as delivered. Run by {@code make bench}
 * with JMH's gc profiler, which gives the bytes allocated per report.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ReportCycleBenchmark {
  private Collector collector;
  private Sample sample;
  private PayloadWriter writer;
  private CounterLedger ledger;

  @Setup
  public void setUp() {
    Log log = new Log(new PrintStream(new ByteArrayOutputStream()));
    collector = Collector.forThisJvm(log);
    sample = new Sample();
    writer = new PayloadWriter();
    ledger = new CounterLedger();
  }

  @Benchmark
  public int collectAndWrite() throws IOException {
    collector.collectInto(sample);
    PayloadWriter.Body body = writer.write(sample, ledger);
    ledger.commit(sample);
    return body.length();
  }
}
