package dev.jvmmetrics.agent;

import dev.jvmmetrics.agent.http.HttpSender;
import dev.jvmmetrics.agent.http.RequestFormat;
import dev.jvmmetrics.agent.metrics.Collector;
import dev.jvmmetrics.agent.report.Backoff;
import dev.jvmmetrics.agent.report.DeliveryLog;
import dev.jvmmetrics.agent.report.HerokuPayload;
import dev.jvmmetrics.agent.report.Payload;
import dev.jvmmetrics.agent.report.ReportLock;
import dev.jvmmetrics.agent.report.Reporter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The agent's one thread: sleeps an interval, then reports if this JVM is its dyno's reporter, for
 * as long as the JVM runs; to each {@link Destination} (Heroku's endpoint, an OTLP receiver, or
 * both) on its own schedule.
 *
 * <p>Two destinations share the thread without stalling or starving each other: the thread always
 * serves whichever is due first, each keeps its own cadence and backoff, and every report is
 * bounded by the shorter of its own time limit and the shortest interval, so one endpoint that
 * hangs delays the other's next report by at most one interval. One lock covers both: the dyno's
 * reporter sends to every destination, the other JVMs to none.
 *
 * <p>Nothing happens before the first report is due, one interval after start: the lock file, the
 * MXBeans and the HTTP client are all set up then, so a JVM that exits sooner (a start script's
 * {@code java -version}) never touches them and never reports. The shutdown hook that sends the
 * last report is registered only once a report has been delivered, from this thread. Whatever a
 * cycle throws, an {@code Error} included, is contained and logged once; the loop carries on.
 */
final class ReportingLoop {
  /** The time limit of one report when the interval is longer. */
  static final long MAX_TIMEOUT_MILLIS = 10_000;

  /** The time limit of the last report, sent while the JVM exits. */
  static final long FINAL_REPORT_MILLIS = 1_000;

  private final Settings settings;
  private final Map<String, String> env;
  private final Log log;
  private final List<Destination> destinations;

  /** Held while any destination reports: their payloads read the same sources. */
  private final ReentrantLock busy = new ReentrantLock();

  /** The sources every destination reads (one set for both), made at the first report. */
  private Collector collector;

  private ReportLock lock;

  /** Whether this JVM has ever asked for the lock without getting it. */
  private boolean everWithoutLock;

  /** Whether this JVM held the lock at its last attempt. */
  private boolean holding;

  private boolean hookRegistered;
  private boolean cycleFailing;

  ReportingLoop(
      Settings settings, Map<String, String> env, Log log, List<Destination> destinations) {
    this.settings = settings;
    this.env = env;
    this.log = log;
    this.destinations = destinations;
  }

  /**
   * Waits until one interval after {@code startNanos}, reads the settings, then reports until the
   * JVM exits. Returns once the settings say to stay idle, or when Heroku's own agent is loaded in
   * this JVM as well ({@link HerokuAgentCheck}).
   *
   * <p>Not even the settings are checked before the first report is due: the app's start-up then
   * shares no CPU and no class loading with the agent (checking them at once costs a hello world
   * measurable start-up time: docs/performance.md), and a JVM that exits sooner, such as a start
   * script's {@code java -version}, prints nothing even when the settings are wrong.
   */
  static void run(Map<String, String> env, long startNanos) {
    sleepUntil(startNanos + Settings.intervalOrDefault(env) * 1_000_000L);
    PreloadedClasses.define(env);
    Log log = Log.toStderr();
    Settings settings = Settings.fromEnvironment(env, log);
    if (settings == null) {
      return;
    }
    log.enableDebug(settings.debug);
    List<Destination> destinations = Destination.forSettings(settings, log);
    if (destinations.isEmpty()) {
      return;
    }
    for (Destination destination : destinations) {
      destination.nextNanos = startNanos + destination.intervalMillis * 1_000_000L;
      log.debug(
          "agent started",
          "destination",
          destination.name(),
          "endpoint",
          destination.endpoint.redacted(),
          "interval",
          Intervals.format(destination.intervalMillis));
    }
    new ReportingLoop(settings, env, log, destinations).loop();
  }

  static String userAgent() {
    return AgentMain.THREAD_NAME
        + "/"
        + AgentMain.VERSION
        + " (Java "
        + System.getProperty("java.version")
        + ")";
  }

  /**
   * Reports to each destination when it is due, then every interval (or after a backoff), until the
   * JVM shuts down.
   */
  private void loop() {
    while (true) {
      Destination destination = firstDue();
      long next = destination.nextNanos;
      sleepUntil(next);
      long delayMillis = destination.intervalMillis;
      boolean fromNow = false;
      try {
        delayMillis = cycle(destination);
        if (delayMillis < 0) {
          return; // The JVM is shutting down; the hook sent the last report.
        }
        fromNow = destination.reporter != null && destination.reporter.lastFailed();
        if (cycleFailing) {
          cycleFailing = false;
          log.info("reporting cycle recovered");
        }
      } catch (Throwable t) {
        contain(t);
      }
      long now = System.nanoTime();
      // Reports keep their cadence; a wait after a failure counts from the failure.
      next = fromNow ? now + delayMillis * 1_000_000L : next + delayMillis * 1_000_000L;
      if (next - now < 0) {
        next = now;
      }
      destination.nextNanos = next;
    }
  }

  /** The destination due soonest; the first listed when two are due together. */
  private Destination firstDue() {
    Destination first = destinations.get(0);
    for (int i = 1; i < destinations.size(); i++) {
      Destination other = destinations.get(i);
      if (other.nextNanos - first.nextNanos < 0) {
        first = other;
      }
    }
    return first;
  }

  /**
   * Reports if this JVM holds the dyno's lock. A JVM that gets the lock at its very first try is
   * the dyno's first reporter and sends its totals since its start. One that gets it later takes
   * over from a reporter that has gone (or from a spell when nobody could lock): what it counted
   * until then is nobody's to send now (the charts would show it as one huge interval), so it
   * reports from that moment ({@link Reporter#startFromNow}), to every destination.
   */
  private long cycle(Destination destination) throws Exception {
    if (lock == null) {
      lock = ReportLock.forDyno(settings.lockEndpoint(), env, log);
    }
    if (lock.tryHold() != ReportLock.State.HELD) {
      everWithoutLock = true;
      holding = false;
      return destination.intervalMillis;
    }
    if (!holding && everWithoutLock) {
      for (Destination each : destinations) {
        reporter(each).startFromNow();
      }
    }
    holding = true;
    Reporter reporter = reporter(destination);
    long delay = reporter.cycle();
    if (!hookRegistered && reporter.hasDelivered()) {
      registerFinalReport();
    }
    return delay;
  }

  private Reporter reporter(Destination destination) {
    if (destination.reporter == null) {
      destination.reporter = newReporter(destination);
    }
    return destination.reporter;
  }

  private Reporter newReporter(Destination destination) {
    if (collector == null) {
      collector = Collector.forThisJvm(log);
    }
    Payload payload;
    RequestFormat format;
    if (destination.otlp) {
      OtlpSettings otlp = settings.otlp;
      payload = OtlpDestinations.payload(otlp, env, collector, log);
      format = new RequestFormat(payload.contentType(), otlp.headers, otlp.gzip, false);
    } else {
      payload = new HerokuPayload(collector, false);
      format = RequestFormat.heroku();
    }
    return new Reporter(
        destination.intervalMillis,
        payload,
        new DeliveryLog(log, destination.endpoint),
        new HttpSender(destination.endpoint, userAgent(), null, format),
        new Backoff(destination.intervalMillis, System.nanoTime()),
        destination.timeoutMillis,
        busy);
  }

  private void registerFinalReport() {
    hookRegistered = true;
    List<Reporter> reporters = new ArrayList<>(destinations.size());
    for (Destination destination : destinations) {
      reporters.add(reporter(destination));
    }
    try {
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  new FinalReport(reporters, lock, busy, collector),
                  AgentMain.THREAD_NAME + "-final-report"));
    } catch (IllegalStateException | SecurityException e) {
      // Already shutting down, or not allowed: there is simply no last report.
    }
  }

  /**
   * Logs a cycle's failure once; must not throw, even when logging itself fails. The failing state
   * begins only once its line is out, so a recovery is never announced for a failure nobody saw
   * (when the heap is full, the line itself cannot be written).
   */
  private void contain(Throwable t) {
    try {
      if (!cycleFailing) {
        log.error("reporting cycle failed; trying again next interval", "error", t.toString());
        cycleFailing = true;
      }
    } catch (Throwable ignored) {
      // Out of memory, most likely: the next cycle tries again.
    }
  }

  private static void sleepUntil(long deadlineNanos) {
    long left;
    while ((left = deadlineNanos - System.nanoTime()) > 0) {
      try {
        Thread.sleep(Math.max(1, left / 1_000_000L));
      } catch (InterruptedException e) {
        // Only the agent owns this thread; an interrupt from elsewhere does not stop reporting.
      }
    }
  }
}
