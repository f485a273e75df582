package dev.jvmmetrics.agent;

import dev.jvmmetrics.agent.http.HttpSender;
import dev.jvmmetrics.agent.metrics.Collector;
import dev.jvmmetrics.agent.report.Backoff;
import dev.jvmmetrics.agent.report.DeliveryLog;
import dev.jvmmetrics.agent.report.ReportLock;
import dev.jvmmetrics.agent.report.Reporter;
import java.util.Map;
import java.util.Random;

/**
 * The agent's one thread: sleeps an interval, then reports if this JVM is its dyno's reporter, for
 * as long as the JVM runs.
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
  private ReportLock lock;
  private Reporter reporter;

  /** Whether this JVM has ever asked for the lock without getting it. */
  private boolean everWithoutLock;

  /** Whether this JVM held the lock at its last attempt. */
  private boolean holding;

  private boolean hookRegistered;
  private boolean cycleFailing;

  ReportingLoop(Settings settings, Map<String, String> env, Log log) {
    this.settings = settings;
    this.env = env;
    this.log = log;
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
    Log log = Log.toStderr();
    Settings settings = Settings.fromEnvironment(env, log);
    if (settings == null) {
      return;
    }
    log.enableDebug(settings.debug);
    if (HerokuAgentCheck.loadedInThisJvm()) {
      log.debug(
          "Heroku's JVM metrics agent is loaded in this JVM too; this agent stands by so that"
              + " nothing is reported twice");
      return;
    }
    log.debug(
        "agent started",
        "endpoint",
        settings.endpoint.redacted(),
        "interval",
        Intervals.format(settings.intervalMillis));
    new ReportingLoop(settings, env, log).loop();
  }

  static String userAgent() {
    String version = AgentMain.class.getPackage().getImplementationVersion();
    return AgentMain.THREAD_NAME
        + "/"
        + (version == null ? "dev" : version)
        + " (Java "
        + System.getProperty("java.version")
        + ")";
  }

  /** Reports now, then every interval (or after a backoff) until the JVM shuts down. */
  private void loop() {
    long next = System.nanoTime();
    while (true) {
      sleepUntil(next);
      long delayMillis = settings.intervalMillis;
      boolean fromNow = false;
      try {
        delayMillis = cycle();
        if (delayMillis < 0) {
          return; // The JVM is shutting down; the hook sent the last report.
        }
        fromNow = reporter != null && reporter.lastFailed();
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
    }
  }

  /**
   * Reports if this JVM holds the dyno's lock. A JVM that gets the lock at its very first try is
   * the dyno's first reporter and sends its totals since its start. One that gets it later takes
   * over from a reporter that has gone (or from a spell when nobody could lock): what it counted
   * until then is nobody's to send now (the charts would show it as one huge interval), so it
   * reports from that moment ({@link Reporter#startFromNow}).
   */
  private long cycle() throws Exception {
    if (lock == null) {
      lock = ReportLock.forDyno(settings.endpoint, env, log);
    }
    if (lock.tryHold() != ReportLock.State.HELD) {
      everWithoutLock = true;
      holding = false;
      return settings.intervalMillis;
    }
    if (reporter == null) {
      reporter = newReporter();
    }
    if (!holding && everWithoutLock) {
      reporter.startFromNow();
    }
    holding = true;
    long delay = reporter.cycle();
    if (!hookRegistered && reporter.hasDelivered()) {
      registerFinalReport();
    }
    return delay;
  }

  private Reporter newReporter() {
    long timeout = Math.min(settings.intervalMillis, MAX_TIMEOUT_MILLIS);
    return new Reporter(
        settings,
        new DeliveryLog(log, settings.endpoint),
        Collector.forThisJvm(log),
        new HttpSender(settings.endpoint, userAgent(), null),
        new Backoff(settings.intervalMillis, new Random()),
        timeout);
  }

  private void registerFinalReport() {
    hookRegistered = true;
    try {
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(new FinalReport(reporter, lock), AgentMain.THREAD_NAME + "-final-report"));
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

  /** The shutdown hook: the reporter's last report, if this JVM is still the reporter. */
  private static final class FinalReport implements Runnable {
    private final Reporter reporter;
    private final ReportLock lock;

    FinalReport(Reporter reporter, ReportLock lock) {
      this.reporter = reporter;
      this.lock = lock;
    }

    @Override
    public void run() {
      try {
        if (lock.isHeld()) {
          reporter.finalReport(FINAL_REPORT_MILLIS);
        }
      } catch (Throwable ignored) {
        // Nothing may escape into the JVM's shutdown.
      }
    }
  }
}
