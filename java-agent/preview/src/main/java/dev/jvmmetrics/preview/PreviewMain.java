package dev.jvmmetrics.preview;

import com.sun.net.httpserver.HttpServer;
import dev.jvmmetrics.preview.aggregate.Formation;
import dev.jvmmetrics.preview.ingest.IngestHandler;
import dev.jvmmetrics.preview.ingest.MeasurementsTime;
import dev.jvmmetrics.preview.ingest.ReportParser;
import dev.jvmmetrics.preview.terminal.TerminalSummary;
import dev.jvmmetrics.preview.web.ApiHandler;
import dev.jvmmetrics.preview.web.PageHandler;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The local metrics preview: a stand-in for Heroku's metrics endpoint and Metrics tab, on
 * 127.0.0.1. Dynos POST their reports to {@code /dynos/web.1}; the page at {@code /} charts them
 * per process type; the terminal gets a short summary every few seconds.
 */
public final class PreviewMain {
  private static final int MAX_REFUSALS_LOGGED = 50;

  private final Options options;
  private final Clock clock = Clock.systemUTC();
  private final PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
  private final Set<String> refusalsLogged = Collections.synchronizedSet(new LinkedHashSet<>());
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean saidNoReports;

  private PreviewMain(Options options) {
    this.options = options;
  }

  public static void main(String[] args) throws InterruptedException {
    Options options;
    try {
      options = Options.parse(args);
    } catch (Options.Invalid e) {
      System.err.println("preview: " + e.getMessage());
      System.exit(2);
      return;
    }
    new PreviewMain(options).run();
  }

  private void run() throws InterruptedException {
    Formation formation =
        new Formation(clock, options.period(), options.window(), options.maxDynos());
    PageHandler page = new PageHandler();
    HttpServer server;
    try {
      server = PreviewServer.create(options.port());
    } catch (BindException e) {
      System.err.println(
          "preview: port "
              + options.port()
              + " on 127.0.0.1 is taken: choose another with --port (0: any free port)");
      System.exit(1);
      return;
    } catch (IOException e) {
      System.err.println(
          "preview: cannot listen on 127.0.0.1:" + options.port() + ": " + e.getMessage());
      System.exit(1);
      return;
    }
    int port = server.getAddress().getPort();
    String base = "http://127.0.0.1:" + port;
    ReportParser parser = new ReportParser();
    ApiHandler api = new ApiHandler(formation, base + IngestHandler.PATH);
    warmUp(parser, api);
    PreviewServer.route(
        server,
        IngestHandler.PATH,
        new IngestHandler(parser, new MeasurementsTime(clock), formation, this::refused));
    PreviewServer.route(server, ApiHandler.PATH, api);
    PreviewServer.route(server, "/", page);
    server.start();
    warmUpServer(port);

    out.println(
        "Local metrics preview: "
            + base
            + "/   (period "
            + options.period().toMillis() / 1000.0
            + " s, window "
            + formation.window().toMinutes()
            + " min, up to "
            + formation.maxDynos()
            + " dynos, page "
            + page.totalBytes() / 1024
            + " KB)");
    out.println(
        "Point an app at it (one URL per dyno; the process type is the part before the dot):");
    out.println(
        "  HEROKU_METRICS_URL="
            + base
            + "/dynos/web.1 java -javaagent:lib/jvm-metrics-agent.jar ...");
    writePortFile(port);

    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(PreviewServer.daemon("preview-timer"));
    if (!options.summaryEvery().isZero()) {
      long every = options.summaryEvery().toMillis();
      timer.scheduleAtFixedRate(() -> summary(formation), every, every, TimeUnit.MILLISECONDS);
    }
    if (!options.stopAfter().isZero()) {
      timer.schedule(stopped::countDown, options.stopAfter().toMillis(), TimeUnit.MILLISECONDS);
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stopped.countDown();
                  server.stop(0);
                  summary(formation);
                  out.println("preview: stopped");
                },
                "preview-shutdown"));
    stopped.await();
    System.exit(0);
  }

  /**
   * Parses a report and writes a page state once before listening: a cold Jackson takes a few
   * hundred milliseconds to set up, and the agent gives each POST at most its interval ({@code
   * HEROKU_METRICS_INTERVAL}, 2 s in {@code make demo}), so the first reports of a formation
   * starting at once would time out.
   */
  private void warmUp(ReportParser parser, ApiHandler api) {
    try {
      byte[] sample =
          "{\"counters\":{\"jvm_memory_bytes_allocated\":1},\"gauges\":{\"jvm_threads_current\":1}}"
              .getBytes(StandardCharsets.UTF_8);
      parser.parse(
          new dev.jvmmetrics.preview.ingest.DynoName("warmup", 1), clock.instant(), sample);
      api.render(null);
    } catch (dev.jvmmetrics.preview.ingest.BadReport | IOException e) {
      throw new IllegalStateException("the preview's own sample report failed: " + e, e);
    }
  }

  /**
   * Answers one request of its own before telling anyone the port (the port file is written after
   * this): the server's first exchange loads most of its classes, which on a busy machine can take
   * longer than an agent's time limit for its first report.
   */
  private static void warmUpServer(int port) {
    try {
      var connection =
          (java.net.HttpURLConnection)
              java.net
                  .URI
                  .create("http://127.0.0.1:" + port + ApiHandler.PATH)
                  .toURL()
                  .openConnection();
      connection.setConnectTimeout(5000);
      connection.setReadTimeout(5000);
      try (var in = connection.getInputStream()) {
        in.readAllBytes();
      }
      connection.disconnect();
    } catch (IOException e) {
      // Only a warm-up: the first real request pays for it instead.
    }
  }

  private void summary(Formation formation) {
    try {
      // An idle preview says "no reports yet" once, not every few seconds for hours.
      boolean empty = formation.types().isEmpty();
      if (empty && saidNoReports) {
        return;
      }
      saidNoReports = empty;
      out.print(TerminalSummary.format(formation, clock.instant()));
    } catch (RuntimeException e) {
      System.err.println("preview: could not print the summary: " + e);
    }
  }

  /** Logs each distinct refusal once, so a misconfigured sender does not flood the terminal. */
  private void refused(String dyno, String reason) {
    if (refusalsLogged.size() < MAX_REFUSALS_LOGGED && refusalsLogged.add(dyno + "\n" + reason)) {
      System.err.println("preview: refused a report for '" + dyno + "': " + reason);
    }
  }

  private void writePortFile(int port) {
    if (options.portFile() == null) {
      return;
    }
    try {
      var temporary = options.portFile().resolveSibling(options.portFile().getFileName() + ".tmp");
      Files.writeString(temporary, port + "\n");
      // Renamed into place, so a script polling for the file never reads it half-written.
      Files.move(
          temporary,
          options.portFile(),
          java.nio.file.StandardCopyOption.ATOMIC_MOVE,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      System.err.println(
          "preview: cannot write the port to " + options.portFile() + ": " + e.getMessage());
      System.exit(1);
    }
  }
}
