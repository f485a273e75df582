package dev.jvmmetrics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmmetrics.fixtures.SoakApp;
import dev.jvmmetrics.testing.AgentJvm;
import dev.jvmmetrics.testing.Answer;
import dev.jvmmetrics.testing.Counts;
import dev.jvmmetrics.testing.LoopbackEndpoint;
import dev.jvmmetrics.testing.LoopbackEndpoint.Outcome;
import dev.jvmmetrics.testing.LoopbackEndpoint.Request;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak: {@code -Dsoak.minutes=N} (run by {@code make soak}, never by {@code make test}) of an
 * endpoint that flaps through every fault of the fault suite, against one JVM reporting every 100
 * ms. Every 15 s it samples the JVM's sockets and file descriptors ({@code /proc/<pid>/fd}), its OS
 * threads, and (from the app) heap after a full collection and live Java threads. At the end those
 * must be where they were after warm-up, the reporter alive, and every count delivered exactly
 * once. The figures go to {@code target/soak-report.txt}.
 */
@EnabledIfSystemProperty(named = "soak.minutes", matches = "[0-9]+")
class SoakIT {
  private static final long SAMPLE_MILLIS = 15_000;
  private static final long HEALTHY_MILLIS = 8_000;
  private static final long FAULT_MILLIS = 6_000;

  @TempDir Path tmp;

  /** The faults in turn, each between two healthy spells; null means "refuse connections". */
  private static final List<Map.Entry<String, Function<Request, Answer>>> FAULTS =
      List.of(
          Map.entry("500", r -> Answer.status(500)),
          Map.entry("hang", r -> Answer.hang()),
          Map.entry("refused", r -> Answer.ok()),
          Map.entry("slow", r -> Answer.slow(200)),
          Map.entry("drip", r -> Answer.drip(20)),
          Map.entry("reset-in-head", r -> Answer.resetInHead()),
          Map.entry("reset-in-body", r -> Answer.resetInBody()),
          Map.entry("garbage", r -> Answer.garbage()),
          Map.entry("429", r -> Answer.status(429, "Retry-After", "1")),
          Map.entry("401", r -> Answer.status(401)),
          Map.entry("400", r -> Answer.status(400)),
          Map.entry("redirect", r -> Answer.redirect("http://127.0.0.1:9/")),
          Map.entry("close", r -> Answer.close()));

  /**
   * One sample: {@code [epochMillis, heapAfterGc, javaThreads, agentThreads, fds, sockets,
   * osThreads]}.
   */
  private final List<long[]> samples = new ArrayList<>();

  @Test
  void threadsSocketsAndHeapStayFlatOverAFlappingEndpoint() throws Exception {
    long minutes = Long.parseLong(System.getProperty("soak.minutes"));
    long end = System.nanoTime() + minutes * 60_000_000_000L;
    Path go = tmp.resolve("go");
    Path appSamples = tmp.resolve("samples");
    try (LoopbackEndpoint endpoint = new LoopbackEndpoint()) {
      AgentJvm.Running running =
          new AgentJvm()
              .env("HEROKU_METRICS_URL", endpoint.url("/metrics/soak"))
              .env("HEROKU_METRICS_INTERVAL", "100ms")
              .jvmOption("-XX:+UseSerialGC", "-Xmx64m", "-Djava.io.tmpdir=" + tmp)
              .start(
                  SoakApp.class,
                  go.toString(),
                  appSamples.toString(),
                  String.valueOf(SAMPLE_MILLIS));
      long nextSample = System.nanoTime() + SAMPLE_MILLIS * 1_000_000L + 2_000_000_000L;
      int phase = 0;
      long phaseEnds = System.nanoTime() + HEALTHY_MILLIS * 1_000_000L;
      boolean healthy = true;
      while (System.nanoTime() - end < 0) {
        if (System.nanoTime() - phaseEnds >= 0) {
          healthy = !healthy;
          if (healthy) {
            endpoint.refuse(false);
            endpoint.script(r -> Answer.ok());
            phaseEnds = System.nanoTime() + HEALTHY_MILLIS * 1_000_000L;
          } else {
            Map.Entry<String, Function<Request, Answer>> fault =
                FAULTS.get(phase++ % FAULTS.size());
            endpoint.script(fault.getValue());
            if (fault.getKey().equals("refused")) {
              endpoint.refuse(true);
            }
            phaseEnds = System.nanoTime() + FAULT_MILLIS * 1_000_000L;
          }
        }
        if (System.nanoTime() - nextSample >= 0) {
          nextSample += SAMPLE_MILLIS * 1_000_000L;
          samples.add(processSample(running.pid()));
        }
        Thread.sleep(50);
      }
      if (!healthy) {
        endpoint.refuse(false);
        endpoint.script(r -> Answer.ok());
      }
      int before = endpoint.requests().size();
      assertTrue(
          endpoint.await(
              rs ->
                  rs.subList(before, rs.size()).stream()
                          .filter(r -> r.outcome == Outcome.COMMITTED)
                          .count()
                      >= 2,
              6 * 60_000),
          "never recovered");
      samples.add(processSample(running.pid()));
      Files.createFile(go);
      AgentJvm.Result result = running.await(120);

      List<Request> requests = endpoint.requests();
      List<long[]> app = readAppSamples(appSamples);
      String report = report(minutes, requests, app, result);
      System.out.println(report);
      Files.write(Paths.get("target", "soak-report.txt"), report.getBytes(StandardCharsets.UTF_8));

      assertEquals(0, result.exitCode, result.toString());
      assertEquals("true", result.line("agent-thread="));
      FaultSuiteIT.assertLogsAreOneLinersWithoutSecrets(result.stderr);
      List<Request> taken = endpoint.requests(Outcome.COMMITTED);
      taken.addAll(FaultSuiteIT.refused(requests));
      Counts.assertAddUpExactly(result.line("totals "), taken);
      assertFlat(app);
    }
  }

  /** After warm-up (the first two samples), threads, sockets and heap end where they began. */
  private void assertFlat(List<long[]> app) {
    assertTrue(app.size() >= 4 && samples.size() >= 4, "too short to judge: run it longer");
    long[] first = app.get(2);
    long[] last = app.get(app.size() - 1);
    assertEquals(first[2], last[2], "live Java threads");
    for (long[] sample : app) {
      assertEquals(1, sample[3], "the agent runs exactly one thread");
    }
    assertTrue(
        last[1] <= first[1] + 2 * 1024 * 1024,
        "heap after GC grew: " + first[1] + " -> " + last[1]);
    long[] osFirst = samples.get(2);
    long[] osLast = samples.get(samples.size() - 1);
    for (long[] sample : samples) {
      assertTrue(sample[5] <= 2, "more than two sockets open at once: " + sample[5]);
    }
    assertTrue(
        osLast[4] <= osFirst[4] + 2, "file descriptors grew: " + osFirst[4] + " -> " + osLast[4]);
  }

  /** {@code [epochMillis, 0, 0, 0, fds, sockets, osThreads]} read from /proc. */
  private static long[] processSample(long pid) throws IOException {
    long fds = 0;
    long sockets = 0;
    try (DirectoryStream<Path> entries =
        Files.newDirectoryStream(Paths.get("/proc", Long.toString(pid), "fd"))) {
      for (Path fd : entries) {
        fds++;
        try {
          if (Files.readSymbolicLink(fd).toString().startsWith("socket:")) {
            sockets++;
          }
        } catch (IOException e) {
          // Closed while listing.
        }
      }
    }
    long osThreads = -1;
    for (String line : Files.readAllLines(Paths.get("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("Threads:")) {
        osThreads = Long.parseLong(line.substring(8).trim());
      }
    }
    return new long[] {System.currentTimeMillis(), 0, 0, 0, fds, sockets, osThreads};
  }

  private static List<long[]> readAppSamples(Path file) throws IOException {
    List<long[]> app = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      String[] f = line.split(" ");
      app.add(
          new long[] {
            Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])
          });
    }
    return app;
  }

  private String report(
      long minutes, List<Request> requests, List<long[]> app, AgentJvm.Result result) {
    Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
    for (Request request : requests) {
      outcomes.merge(request.outcome, 1, Integer::sum);
    }
    StringBuilder out =
        new StringBuilder(
            "soak: " + minutes + " min, " + requests.size() + " requests " + outcomes + "\n");
    out.append("agent log lines: ")
        .append(FaultSuiteIT.lines(result.stderr, "").size())
        .append('\n');
    out.append("sample  heap-after-gc  java-threads  agent-threads | fds  sockets  os-threads\n");
    for (int i = 0; i < Math.max(app.size(), samples.size()); i++) {
      long[] a = i < app.size() ? app.get(i) : new long[4];
      long[] o = i < samples.size() ? samples.get(i) : new long[7];
      out.append(
          String.format(
              "%5d  %13d  %12d  %13d | %3d  %7d  %10d%n", i, a[1], a[2], a[3], o[4], o[5], o[6]));
    }
    return out.toString();
  }
}
