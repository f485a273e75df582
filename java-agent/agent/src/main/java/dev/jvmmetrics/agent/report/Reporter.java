package dev.jvmmetrics.agent.report;

import dev.jvmmetrics.agent.http.RetryAfter;
import dev.jvmmetrics.agent.http.Transport;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One destination's reports: have its {@link Payload} read the JVM and write the body, POST it, and
 * act on the answer. The Heroku destination ({@link HerokuPayload}) and the OTLP one are two
 * reporters over this one class, each with its own payload, transport, backoff and interval.
 *
 * <p>A payload counts what it sent as spent only when told ({@link Payload#commit}: delivered, or
 * refused for good), so a failed report loses nothing: its counts ride along with the next one that
 * gets through. Any 2xx is a delivery, an OTLP partial success included: the receiver has judged
 * the rest and sending it again would be refused again or counted twice. Failures back off, at
 * least as long as a 429 or 503 asks ({@code Retry-After}). A payload the endpoint refuses as such
 * (a 4xx other than 401, 403, 408 and 429) is dropped, once.
 *
 * <p>Reports run one at a time: the loop's and the shutdown hook's. The hook first cuts off a
 * report in flight (it ends within the hook's budget), waits for it, then reports against the
 * ledger that report left, so both can succeed without the endpoint seeing any count twice.
 */
public final class Reporter {
  private final long intervalMillis;
  private final Payload payload;
  private final Transport transport;
  private final Backoff backoff;
  private final DeliveryLog deliveries;
  private final long timeoutMillis;
  private final ReentrantLock busy;

  private volatile boolean closing;
  private boolean delivered;
  private boolean lastFailed;
  private long quietUntilMillis;

  /**
   * @param intervalMillis this destination's reporting interval
   * @param timeoutMillis the time limit of one report: connect, send and the whole answer
   * @param busy held while a report is made; destinations whose payloads read the same sources
   *     share one, so that the shutdown's last reports never read them while the loop does
   */
  public Reporter(
      long intervalMillis,
      Payload payload,
      DeliveryLog deliveries,
      Transport transport,
      Backoff backoff,
      long timeoutMillis,
      ReentrantLock busy) {
    this.busy = busy;
    this.intervalMillis = intervalMillis;
    this.deliveries = deliveries;
    this.payload = payload;
    this.transport = transport;
    this.backoff = backoff;
    this.timeoutMillis = timeoutMillis;
  }

  /**
   * Reports once, unless shutdown has begun. Called on the agent's thread.
   *
   * @return milliseconds until the next report, or -1 once the JVM is shutting down
   */
  public long cycle() throws IOException {
    busy.lock();
    try {
      if (closing) {
        return -1;
      }
      return reportOnce(System.nanoTime() + timeoutMillis * 1_000_000L, false);
    } finally {
      busy.unlock();
    }
  }

  /**
   * Takes this JVM's totals now as already delivered, so that the next report carries only what
   * happens from now on: for a JVM that takes over reporting from another one.
   */
  public void startFromNow() throws IOException {
    busy.lock();
    try {
      if (closing) {
        return;
      }
      // A body written and counted as spent without being sent: the payload's baseline.
      payload.write(System.currentTimeMillis());
      payload.commit();
    } finally {
      busy.unlock();
    }
  }

  /** Whether a report has ever been delivered. Read on the agent's thread. */
  public boolean hasDelivered() {
    return delivered;
  }

  /** Whether the last report failed: its delay then counts from its end, not its start. */
  public boolean lastFailed() {
    return lastFailed;
  }

  /**
   * Stops this reporter and makes a report it has in flight end by {@code deadlineNanos}: the
   * shutdown calls this on every destination first, so that one destination's last report does not
   * wait on the other's report in flight for longer than the shutdown's budget.
   */
  public void cutOff(long deadlineNanos) {
    closing = true;
    transport.cutOff(deadlineNanos);
  }

  /**
   * Sends the last report, from a shutdown hook, all within {@code budgetMillis}: only when a
   * report was delivered before, and not while the endpoint asked to be left alone (Retry-After). A
   * report the loop has in flight may use the budget first (it is not cut short before the budget
   * ends: the endpoint may be about to take it); the last report gets what remains. Stops the loop
   * from sending any more.
   *
   * @return whether a report was attempted
   */
  public boolean finalReport(long budgetMillis) {
    long deadline = System.nanoTime() + budgetMillis * 1_000_000L;
    closing = true;
    transport.cutOff(deadline);
    try {
      if (!busy.tryLock(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
        // The loop's report took the whole budget: it is left to finish (cutting it short would
        // leave the endpoint's view of it unknown) and there is no time for another.
        deliveries.finalReportFailed("the report in flight did not end in time");
        return false;
      }
    } catch (InterruptedException e) {
      return false;
    }
    try {
      if (!delivered || System.currentTimeMillis() < quietUntilMillis) {
        return false;
      }
      reportOnce(deadline, true);
      return true;
    } catch (Throwable t) {
      return true; // Nothing may escape into the JVM's shutdown.
    } finally {
      // No report follows: the sources let go of what they hold (GC listeners) while the loop,
      // kept out by the lock, cannot be reading them.
      payload.close();
      busy.unlock();
    }
  }

  /**
   * Collects, writes and sends one report.
   *
   * @return milliseconds until the next attempt
   */
  long reportOnce(long deadlineNanos, boolean last) throws IOException {
    lastFailed = true;
    long sampledAt = System.currentTimeMillis();
    Payload.Body body = payload.write(sampledAt);
    long started = System.nanoTime();
    Transport.Response response;
    try {
      response =
          transport.post(body.bytes(), body.length(), Rfc3339.format(sampledAt), deadlineNanos);
    } catch (IOException e) {
      return failed(e.getClass().getSimpleName() + ": " + e.getMessage(), 0, null, last);
    }
    int status = response.status;
    if (status >= 200 && status < 300) {
      payload.commit(); // First: nothing that follows may leave these counts uncommitted.
      delivered = true;
      lastFailed = false;
      quietUntilMillis = 0;
      backoff.reset();
      deliveries.delivered(status, body.length(), (System.nanoTime() - started) / 1_000_000L);
      deliveries.partialSuccess(payload.partialSuccess(response.body));
      return intervalMillis;
    }
    if (isRefusal(status)) {
      // The endpoint refuses this payload itself; sending it again would be refused again.
      payload.commit();
      lastFailed = false;
      deliveries.refused(status, body.length());
      return intervalMillis;
    }
    String reason =
        status >= 300 && status < 400
            ? "HTTP " + status + " (a redirect; redirects are not followed)"
            : "HTTP " + status;
    return failed(reason, status, response.retryAfter, last);
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

  private long failed(String reason, int status, String retryAfter, boolean last) {
    if (last) {
      deliveries.finalReportFailed(reason);
      return intervalMillis;
    }
    if (closing) {
      return intervalMillis; // Cut off by the shutdown, whose own report says the rest.
    }
    long delay = backoff.nextDelayMillis();
    if (status == 429 || status == 503) {
      long now = System.currentTimeMillis();
      long asked = Math.min(RetryAfter.parseMillis(retryAfter, now), Backoff.MAX_MILLIS);
      if (asked > 0) {
        quietUntilMillis = now + asked;
        delay = Math.max(delay, asked);
      }
    }
    deliveries.failed(reason, delay);
    return delay;
  }
}
