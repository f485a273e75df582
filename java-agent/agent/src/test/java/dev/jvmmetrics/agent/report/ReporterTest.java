package dev.jvmmetrics.agent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmmetrics.agent.Endpoint;
import dev.jvmmetrics.agent.Log;
import dev.jvmmetrics.agent.metrics.Collector;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/** The reporting cycle's delivery rules, driven through a scripted transport. */
class ReporterTest {
  private static final long INTERVAL = 1_000;

  /**
   * Each report's time limit, and the final report's budget where the budget is not what is tested:
   * a busy machine (a cold Jackson, a starved thread) must not make a report fail that the test
   * means to succeed.
   */
  private static final long GENEROUS_MILLIS = 60_000;

  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
  private final Log log = new Log(new PrintStream(logged, true));
  private final ScriptedTransport transport = new ScriptedTransport();
  private long events;

  private final Reporter reporter =
      new Reporter(
          INTERVAL,
          new HerokuPayload(new Collector(log, sample -> sample.counter("events", events))),
          new DeliveryLog(log, Endpoint.parse("http://127.0.0.1:1/")),
          transport,
          new Backoff(INTERVAL, 7),
          GENEROUS_MILLIS,
          new ReentrantLock());

  private long report() throws IOException {
    return reporter.reportOnce(System.nanoTime() + GENEROUS_MILLIS * 1_000_000L, false);
  }

  private String[] lines() {
    return logged.toString().split("\n");
  }

  @Test
  void countsFromFailedReportsArriveWithTheNextSuccess() throws Exception {
    events = 5;
    assertEquals(INTERVAL, report());
    assertEquals(new BigDecimal(5), transport.lastDelta("events"));

    transport.answers.add(503);
    transport.answers.add(new ConnectException("Connection refused"));
    transport.answers.add(429);
    events = 8;
    assertTrue(report() >= INTERVAL);
    events = 12;
    report();
    events = 20;
    report();
    events = 21;
    assertEquals(INTERVAL, report());

    assertEquals(new BigDecimal(16), transport.lastDelta("events"));
    assertEquals(new BigDecimal(21), transport.sumOfDeliveredDeltas("events"));
    String[] lines = lines();
    assertEquals(2, lines.length, logged.toString());
    assertTrue(lines[0].contains("report failed") && lines[0].contains("HTTP 503"), lines[0]);
    assertTrue(lines[1].contains("failed_reports=3"), lines[1]);
  }

  @Test
  void refusedPayloadIsDroppedOnceAndReportingCarriesOn() throws Exception {
    events = 5;
    transport.answers.add(400);
    transport.answers.add(400);
    assertEquals(INTERVAL, report());
    events = 7;
    report();
    events = 10;
    report();

    assertEquals(new BigDecimal(3), transport.lastDelta("events"));
    String[] lines = lines();
    assertEquals(1, lines.length, logged.toString());
    assertTrue(lines[0].contains("status=400"), lines[0]);
  }

  @Test
  void authAndRateErrorsAreRetriedNotDropped() {
    for (int status : new int[] {401, 403, 408, 429, 500, 502, 503, 301, 302}) {
      assertFalse(Reporter.isRefusal(status), "status " + status);
    }
    for (int status : new int[] {400, 404, 405, 413, 415, 422}) {
      assertTrue(Reporter.isRefusal(status), "status " + status);
    }
  }

  @Test
  void retryAfterIsHonouredOn429And503Only() throws Exception {
    transport.answers.add(new Object[] {429, "120"});
    assertTrue(report() >= 120_000, "429 asked for 120s");
    transport.answers.add(new Object[] {503, "30"});
    assertTrue(report() >= 30_000, "503 asked for 30s");
    report(); // Delivered: the backoff starts over.
    transport.answers.add(new Object[] {500, "120"});
    long afterServerError = report();
    assertTrue(
        afterServerError < 120_000, "a 500's Retry-After is not a promise: " + afterServerError);
  }

  @Test
  void retryAfterIsCappedAtFiveMinutes() throws Exception {
    transport.answers.add(new Object[] {503, "86400"});
    assertEquals(Backoff.MAX_MILLIS, report());
  }

  @Test
  void aRedirectIsAFailureThatSaysRedirectsAreNotFollowed() throws Exception {
    events = 4;
    transport.answers.add(302);
    assertTrue(report() >= INTERVAL);
    assertTrue(logged.toString().contains("redirects are not followed"), logged.toString());
    report();
    assertEquals(new BigDecimal(4), transport.sumOfDeliveredDeltas("events"));
  }

  @Test
  void noFinalReportBeforeAnyDelivery() throws Exception {
    transport.answers.add(500);
    report();
    int posts = transport.posts;
    assertFalse(reporter.finalReport(GENEROUS_MILLIS));
    assertEquals(posts, transport.posts);
    assertEquals(-1, reporter.cycle(), "after shutdown began the loop sends nothing more");
  }

  @Test
  void finalReportCarriesWhatWasNotYetDeliveredAndStopsTheLoop() throws Exception {
    events = 5;
    report();
    events = 9;
    assertTrue(reporter.finalReport(GENEROUS_MILLIS));
    assertEquals(new BigDecimal(9), transport.sumOfDeliveredDeltas("events"));
    int posts = transport.posts;
    assertEquals(-1, reporter.cycle());
    assertEquals(posts, transport.posts);
  }

  @Test
  void noFinalReportWhileTheEndpointAskedToWait() throws Exception {
    report();
    transport.answers.add(new Object[] {429, "60"});
    report();
    int posts = transport.posts;
    assertFalse(reporter.finalReport(GENEROUS_MILLIS));
    assertEquals(posts, transport.posts);
  }

  @Test
  void finalReportWaitsForTheReportInFlightAndNeverSendsACountTwice() throws Exception {
    events = 5;
    report();
    events = 8;
    transport.holdNext(); // The loop's next report waits for an answer ...
    Thread loop = new Thread(this::cycleQuietly);
    loop.start();
    transport.awaitHeld();
    // A budget no busy machine uses up: this is about order, not time.
    Thread hook = new Thread(() -> reporter.finalReport(GENEROUS_MILLIS));
    hook.start();
    transport.awaitCutOff(); // The hook has begun, and can only go on once the loop's report ends.
    events = 11; // ... the JVM moves on while the hook waits ...
    transport.releaseHeld(); // ... and the answer is a success.
    hook.join(30_000);
    loop.join(30_000);
    assertFalse(hook.isAlive());

    assertEquals(3, transport.posts);
    assertEquals(3, transport.delivered.size());
    assertEquals(new BigDecimal(11), transport.sumOfDeliveredDeltas("events"));
  }

  @Test
  void finalReportCutsOffAHangingReportAndStaysWithinItsBudget() throws Exception {
    events = 5;
    report();
    transport.holdNext(); // Never released: only the cut-off ends it.
    Thread loop = new Thread(this::cycleQuietly);
    loop.start();
    transport.awaitHeld();
    long start = System.nanoTime();
    reporter.finalReport(300);
    long tookMillis = (System.nanoTime() - start) / 1_000_000L;
    loop.join(30_000);

    // The guarantee, with room for a loaded machine: 300 ms asked, against a post that would
    // otherwise hang for its whole 60 s limit.
    assertTrue(tookMillis < 10_000, "the final report took " + tookMillis + "ms");
    assertTrue(transport.cutOffs > 0);
    assertFalse(loop.isAlive());
    assertEquals(new BigDecimal(5), transport.sumOfDeliveredDeltas("events"));
    String[] lines = lines();
    assertEquals(1, lines.length, logged.toString());
    assertTrue(lines[0].contains("last report before exit was not delivered"), lines[0]);
  }

  private void cycleQuietly() {
    try {
      reporter.cycle();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
