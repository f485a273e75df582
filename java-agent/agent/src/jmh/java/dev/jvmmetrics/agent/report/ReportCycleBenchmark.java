package dev.jvmmetrics.agent.report;

import dev.jvmmetrics.agent.Endpoint;
import dev.jvmmetrics.agent.Log;
import dev.jvmmetrics.agent.http.HttpSender;
import dev.jvmmetrics.agent.http.Transport;
import dev.jvmmetrics.agent.metrics.Collector;
import dev.jvmmetrics.agent.metrics.Sample;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One report's work on the reporter thread, run by {@code make bench} with JMH's gc profiler (which
 * counts the bytes the benchmark thread allocates per report).
 *
 * <ul>
 *   <li>{@code collectAndWrite}: read every source of this JVM into the sample, write the JSON
 *       body, commit the counters as delivered: the agent's own CPU per report.
 *   <li>{@code collectWriteAndPost}: the same, then POST it over a kept-alive connection to an HTTP
 *       responder on loopback in this JVM. Its time per operation is mostly waiting: before reusing
 *       a kept-alive connection the sender spends about 1 ms checking that the server has not
 *       closed it. So each iteration also prints the benchmark thread's own CPU time per operation
 *       ({@code cpu-per-op}), which is the report's cost to the app.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ReportCycleBenchmark {
  private Collector collector;
  private Sample sample;
  private PayloadWriter writer;
  private CounterLedger ledger;
  private ServerSocket server;
  private HttpSender sender;
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private long operations;
  private long cpuAtStart;

  @Setup(Level.Iteration)
  public void startCounting() {
    operations = 0;
    cpuAtStart = threads.getCurrentThreadCpuTime();
  }

  @TearDown(Level.Iteration)
  public void printCpuPerOperation() {
    long cpu = threads.getCurrentThreadCpuTime() - cpuAtStart;
    System.out.printf(" cpu-per-op %.1f us ", cpu / 1_000.0 / Math.max(1, operations));
  }

  @Setup
  public void setUp() throws IOException {
    Log log = new Log(new PrintStream(new ByteArrayOutputStream()));
    collector = Collector.forThisJvm(log);
    sample = new Sample();
    writer = new PayloadWriter();
    ledger = new CounterLedger();
    server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    Thread responder = new Thread(this::answerEveryRequest, "bench-endpoint");
    responder.setDaemon(true);
    responder.start();
    Endpoint endpoint =
        Endpoint.parse("http://127.0.0.1:" + server.getLocalPort() + "/bench?token=x");
    sender = new HttpSender(endpoint, "jvm-metrics-agent/bench", null);
  }

  @TearDown
  public void tearDown() throws IOException {
    server.close();
  }

  /**
   * The loopback endpoint: reads each request's head and body, answers 204, and keeps the
   * connection. A bare socket, so the figures are the agent's, not a server framework's.
   */
  private void answerEveryRequest() {
    byte[] answer = "HTTP/1.1 204 No Content\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    try (Socket socket = server.accept();
        InputStream in = new BufferedInputStream(socket.getInputStream());
        OutputStream out = socket.getOutputStream()) {
      StringBuilder line = new StringBuilder();
      int contentLength = 0;
      int c;
      while ((c = in.read()) >= 0) {
        if (c != '\n') {
          line.append((char) c);
          continue;
        }
        String header = line.toString().trim();
        line.setLength(0);
        if (header.regionMatches(true, 0, "Content-Length:", 0, 15)) {
          contentLength = Integer.parseInt(header.substring(15).trim());
        } else if (header.isEmpty()) {
          for (int i = 0; i < contentLength; i++) {
            in.read();
          }
          out.write(answer);
          out.flush();
          contentLength = 0;
        }
      }
    } catch (IOException e) {
      // The benchmark is over.
    }
  }

  @Benchmark
  public int collectAndWrite() throws IOException {
    operations++;
    collector.collectInto(sample);
    PayloadWriter.Body body = writer.write(sample, ledger);
    ledger.commit(sample);
    return body.length();
  }

  @Benchmark
  public int collectWriteAndPost() throws IOException {
    operations++;
    collector.collectInto(sample);
    PayloadWriter.Body body = writer.write(sample, ledger);
    Transport.Response response =
        sender.post(
            body.bytes(),
            body.length(),
            "2026-11-29T12:00:00.000Z",
            System.nanoTime() + 5_000_000_000L);
    if (response.status / 100 != 2) {
      throw new IOException("loopback server answered " + response.status);
    }
    ledger.commit(sample);
    return body.length();
  }
}
