package dev.jvmmetrics.agent;

import java.io.IOException;
import java.util.Map;
import java.util.Random;

/**
 * The reporting loop, run on the agent's one daemon thread: every interval it reads the JVM,
 * writes the report and POSTs it.
 *
 * <p>Counter deltas are taken against the totals last delivered, so a failed report loses nothing:
 * its counts ride along with the next one that gets through. Failures back off; a payload the
 * endpoint refuses as malformed (a 4xx that is not about auth, timing or rate) is dropped, once.
 * Nothing a cycle throws ends the loop.
 */
final class Reporter {
  private static final long MAX_TIMEOUT_MILLIS = 10_000;

  private final Settings settings;
  private final Log log;
  private final Collector collector;
  private final Transport transport;
  private final Backoff backoff;
  private final PayloadWriter writer = new PayloadWriter();
  private final CounterLedger ledger = new CounterLedger();
  private final Sample sample = new Sample();

  private long failingSinceMillis;
  private int failedReports;
  private int lastRefusedStatus;
  private boolean loopFailing;

  Reporter(
      Settings settings, Log log, Collector collector, Transport transport, Backoff backoff) {
    this.settings = settings;
    this.log = log;
    this.collector = collector;
    this.transport = transport;
    this.backoff = backoff;
  }

  /** Reads the settings, then reports until the JVM exits. Returns at once when idle. */
  static void runUntilShutdown(Map<String, String> env) {
    Log log = Log.toStderr();
    Settings settings = Settings.fromEnvironment(env, log);
    if (settings == null) {
      return;
    }
    log.enableDebug(settings.debug);
    int timeout = (int) Math.min(settings.intervalMillis, MAX_TIMEOUT_MILLIS);
    HttpSender sender = new HttpSender(settings.endpoint, timeout, userAgent());
    Reporter reporter =
        new Reporter(
            settings,
            log,
            Collector.forThisJvm(log),
            sender,
            new Backoff(settings.intervalMillis, new Random()));
    log.debug(
        "reporting",
        "endpoint",
        settings.endpoint.redacted(),
        "interval",
        Intervals.format(settings.intervalMillis));
    reporter.loop();
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

  private void loop() {
    long next = System.nanoTime() + settings.intervalMillis * 1_000_000L;
    while (true) {
      sleepUntil(next);
      long delayMillis = settings.intervalMillis;
      try {
        delayMillis = reportOnce();
        if (loopFailing) {
          loopFailing = false;
          log.info("reporting cycle recovered");
        }
      } catch (Throwable t) {
        if (!loopFailing) {
          loopFailing = true;
          log.error("reporting cycle failed; trying again next interval", "error", t.toString());
        }
      }
      long now = System.nanoTime();
      next = Math.max(next + delayMillis * 1_000_000L, now + 1_000_000L);
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

  /**
   * Collects, writes and sends one report.
   *
   * @return milliseconds until the next attempt
   */
  long reportOnce() throws IOException {
    collector.collectInto(sample);
    long sampledAt = System.currentTimeMillis();
    PayloadWriter.Body body = writer.write(sample, ledger);
    Transport.Response response;
    try {
      response = transport.post(body.bytes(), body.length(), Rfc3339.format(sampledAt));
    } catch (IOException e) {
      return failed(e.getClass().getSimpleName() + ": " + e.getMessage(), null);
    }
    int status = response.status;
    if (status >= 200 && status < 300) {
      ledger.commit(sample);
      delivered(status, body.length());
      return settings.intervalMillis;
    }
    if (isRefusal(status)) {
      // The endpoint refuses this payload itself; sending it again would be refused again.
      ledger.commit(sample);
      if (status != lastRefusedStatus) {
        lastRefusedStatus = status;
        log.warn(
            "endpoint refused a report; it is dropped and reporting carries on",
            "status",
            status,
            "endpoint",
            settings.endpoint.redacted());
      }
      return settings.intervalMillis;
    }
    return failed("HTTP " + status, response.retryAfter);
  }

  /** A 4xx that says the payload itself is wrong, rather than auth, timing or rate. */
  static boolean isRefusal(int status) {
    return status >= 400
        && status < 500
        && status != 401
        && status != 403
        && status != 408
        && status != 429;
  }

  private void delivered(int status, int bytes) {
    lastRefusedStatus = 0;
    if (failedReports > 0) {
      long seconds = (System.currentTimeMillis() - failingSinceMillis) / 1000;
      log.info(
          "reports delivered again; counts from the outage included",
          "failed_reports",
          failedReports,
          "outage_seconds",
          seconds);
      failedReports = 0;
    }
    backoff.reset();
    log.debug("report delivered", "status", status, "bytes", bytes);
  }

  private long failed(String reason, String retryAfter) {
    long delay = backoff.nextDelayMillis();
    long asked = RetryAfter.parseMillis(retryAfter, System.currentTimeMillis());
    if (asked > delay) {
      delay = Math.min(asked, Backoff.MAX_MILLIS);
    }
    if (failedReports++ == 0) {
      failingSinceMillis = System.currentTimeMillis();
      log.warn(
          "report failed; retrying with backoff, counts are kept for the next delivery",
          "endpoint",
          settings.endpoint.redacted(),
          "reason",
          reason);
    }
    log.debug("report failed", "reason", reason, "retry_in_ms", delay);
    return delay;
  }
}
