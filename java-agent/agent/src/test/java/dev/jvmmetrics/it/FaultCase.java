package dev.jvmmetrics.it;

import static dev.jvmmetrics.it.FaultSuiteIT.failedReports;
import static dev.jvmmetrics.it.FaultSuiteIT.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmmetrics.testing.AgentJvm;
import dev.jvmmetrics.testing.AgentLog;
import dev.jvmmetrics.testing.Answer;
import dev.jvmmetrics.testing.LoopbackEndpoint;
import dev.jvmmetrics.testing.LoopbackEndpoint.Outcome;
import dev.jvmmetrics.testing.LoopbackEndpoint.Request;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * One misbehaviour of the endpoint: from request {@link #firstFault} on, {@link #faults} requests
 * are answered by {@link #fault}; every other request gets a 200. "Refused" is the exception: no
 * request is faulted, the endpoint stops listening for a while instead.
 */
final class FaultCase {
  /** What a case's own check looks at. */
  record Run(AgentJvm.Result result, List<Request> requests, LoopbackEndpoint elsewhere) {
    String stderr() {
      return result.stderr;
    }

    List<Request> faulted(FaultCase fault) {
      return requests.subList(fault.firstFault - 1, fault.lastFault());
    }
  }

  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

  final String name;
  final String interval;
  final int firstFault = 3;
  final int faults;
  final BiFunction<Integer, LoopbackEndpoint, Answer> fault;
  final boolean payloadRefused;
  final boolean refusing;
  Consumer<Run> check = run -> {};

  private FaultCase(
      String name,
      String interval,
      int faults,
      BiFunction<Integer, LoopbackEndpoint, Answer> fault,
      boolean payloadRefused,
      boolean refusing) {
    this.name = name;
    this.interval = interval;
    this.faults = faults;
    this.fault = fault;
    this.payloadRefused = payloadRefused;
    this.refusing = refusing;
  }

  static FaultCase failing(String name, String interval, int faults, Answer answer) {
    FaultCase fault = new FaultCase(name, interval, faults, (n, elsewhere) -> answer, false, false);
    fault.check = run -> fault.failedThenRecovered(run, faults, "");
    return fault;
  }

  static List<FaultCase> all() {
    FaultCase refused = new FaultCase("refused", "250ms", 0, null, false, true);
    refused.check = run -> refused.failedThenRecovered(run, -1, "ConnectException");

    FaultCase hanging = failing("hanging", "250ms", 2, Answer.hang());
    hanging.check =
        hanging.check.andThen(
            run -> {
              for (Request request : run.faulted(hanging)) {
                assertEquals(Outcome.ABANDONED, request.outcome, request.toString());
                long heldMillis = (request.clientGoneNanos - request.receivedNanos) / 1_000_000L;
                assertTrue(heldMillis < 5_000, "a hung request was held " + heldMillis + " ms");
              }
            });

    // Answers after twice the time limit (500 ms): the agent has given up by then.
    FaultCase slow = failing("slow", "500ms", 2, Answer.slow(1_000));
    slow.check = slow.check.andThen(run -> allAbandoned(run, slow));

    // The head alone takes 38 × 40 ms; a client bounded per read (40 ms < 250 ms) would wait it
    // out.
    FaultCase drip = failing("drip-fed", "250ms", 2, Answer.drip(40));
    drip.check = drip.check.andThen(run -> allAbandoned(run, drip));

    FaultCase serverError = failing("500 four times, then 200", "250ms", 4, Answer.status(500));

    FaultCase rateLimited =
        failing("429 with Retry-After: 1", "250ms", 1, Answer.status(429, "Retry-After", "1"));
    rateLimited.check = rateLimited.check.andThen(run -> waitedAfterFault(run, rateLimited, 900));

    FaultCase unavailable =
        new FaultCase(
            "503 with an HTTP-date Retry-After",
            "250ms",
            1,
            (n, elsewhere) ->
                Answer.status(
                    503,
                    "Retry-After",
                    HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(2))),
            false,
            false);
    unavailable.check =
        run -> {
          unavailable.failedThenRecovered(run, 1, "HTTP 503");
          waitedAfterFault(run, unavailable, 900);
        };

    FaultCase unauthorized = failing("401", "250ms", 2, Answer.status(401));

    FaultCase badRequest =
        new FaultCase("400", "250ms", 1, (n, elsewhere) -> Answer.status(400), true, false);
    badRequest.check =
        run -> {
          List<String> refusals = lines(run.stderr(), "endpoint refused a report");
          assertEquals(1, refusals.size(), run.stderr());
          assertTrue(refusals.get(0).contains("status=400"), refusals.get(0));
          assertEquals(List.of(), lines(run.stderr(), "report failed"));
        };

    FaultCase resetInHead = failing("reset mid-status-line", "250ms", 2, Answer.resetInHead());

    // The whole head arrived: the report got through, and must not be sent again.
    FaultCase resetInBody =
        new FaultCase(
            "reset mid-body", "250ms", 1, (n, elsewhere) -> Answer.resetInBody(), false, false);
    resetInBody.check =
        run -> {
          AgentLog.assertSilent(run.stderr(), "a delivered report is no failure");
          assertEquals(Outcome.COMMITTED, run.faulted(resetInBody).get(0).outcome);
        };

    FaultCase garbage = failing("garbage", "250ms", 2, Answer.garbage());
    garbage.check = run -> garbage.failedThenRecovered(run, 2, "ProtocolException");

    FaultCase redirect =
        new FaultCase(
            "redirect",
            "250ms",
            2,
            (n, elsewhere) -> Answer.redirect(elsewhere.url("/elsewhere")),
            false,
            false);
    redirect.check =
        run -> {
          redirect.failedThenRecovered(run, 2, "redirects are not followed");
          assertEquals(0, run.elsewhere().requests().size(), "the redirect was followed");
        };

    return List.of(
        refused,
        hanging,
        slow,
        drip,
        serverError,
        rateLimited,
        unavailable,
        unauthorized,
        badRequest,
        resetInHead,
        resetInBody,
        garbage,
        redirect);
  }

  int lastFault() {
    return firstFault + faults - 1;
  }

  Answer answer(int number, LoopbackEndpoint elsewhere) {
    return number >= firstFault && number <= lastFault()
        ? fault.apply(number, elsewhere)
        : Answer.ok();
  }

  /**
   * Misbehaves while the app runs, where a script of answers cannot: "refused" stops listening
   * after two deliveries, for a second.
   *
   * @return when the misbehaviour ended ({@link System#nanoTime()})
   */
  long during(LoopbackEndpoint endpoint) throws Exception {
    if (refusing) {
      assertTrue(
          endpoint.await(
              requests ->
                  requests.stream().filter(r -> r.outcome == Outcome.COMMITTED).count() >= 2,
              30_000),
          "no deliveries before the outage");
      endpoint.refuse(true);
      Thread.sleep(1_200);
      endpoint.refuse(false);
    }
    return System.nanoTime();
  }

  /**
   * One warning when reports start failing (naming {@code reason}), one line when they get through
   * again, counting {@code failures} failed reports (any number when negative).
   */
  void failedThenRecovered(Run run, int failures, String reason) {
    List<String> failed = lines(run.stderr(), "report failed");
    assertEquals(1, failed.size(), run.stderr());
    assertTrue(
        failed.get(0).startsWith("at=warn") && failed.get(0).contains(reason), failed.get(0));
    List<String> recovered = lines(run.stderr(), "reports delivered again");
    assertEquals(1, recovered.size(), run.stderr());
    assertTrue(recovered.get(0).startsWith("at=info"), recovered.get(0));
    int counted = failedReports(run.stderr());
    if (failures >= 0) {
      assertEquals(failures, counted, run.stderr());
    } else {
      assertTrue(counted >= 1, run.stderr());
    }
    assertEquals(
        2, lines(run.stderr(), "").size(), "one line per change of state:\n" + run.stderr());
  }

  static void allAbandoned(Run run, FaultCase fault) {
    for (Request request : run.faulted(fault)) {
      assertEquals(Outcome.ABANDONED, request.outcome, "the agent waited out " + request);
    }
  }

  /** The request after the fault came at least {@code millis} after the fault's answer. */
  static void waitedAfterFault(Run run, FaultCase fault, long millis) {
    Request faulted = run.requests().get(fault.lastFault() - 1);
    Request next = run.requests().get(fault.lastFault());
    long waited = (next.receivedNanos - faulted.answeredNanos) / 1_000_000L;
    assertTrue(waited >= millis, "asked to wait, came back after " + waited + " ms");
  }

  @Override
  public String toString() {
    return name;
  }
}
