package dev.jvmmetrics.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The reporting cycle's delivery rules, driven through a scripted transport. */
class ReporterTest {
  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
  private final Log log = new Log(new PrintStream(logged, true));
  private final Deque<Object> answers = new ArrayDeque<>();
  private final List<Map<String, Object>> bodies = new ArrayList<>();
  private long events;

  private final Transport transport =
      (body, length, time) -> {
        bodies.add(Json.object(new String(body, 0, length, StandardCharsets.UTF_8)));
        Object answer = answers.isEmpty() ? 200 : answers.poll();
        if (answer instanceof IOException) {
          throw (IOException) answer;
        }
        return new Transport.Response((Integer) answer, null);
      };

  private final Reporter reporter =
      new Reporter(
          new Settings(Endpoint.parse("http://127.0.0.1:1/"), 1_000, false),
          log,
          new Collector(log, sample -> sample.counter("events", events)),
          transport,
          new Backoff(1_000, new Random(7)));

  private BigDecimal lastDelta() {
    @SuppressWarnings("unchecked")
    Map<String, Object> counters =
        (Map<String, Object>) bodies.get(bodies.size() - 1).get("counters");
    return (BigDecimal) counters.get("events");
  }

  @Test
  void countsFromFailedReportsArriveWithTheNextSuccess() throws Exception {
    events = 5;
    assertEquals(1_000, reporter.reportOnce());
    assertEquals(new BigDecimal(5), lastDelta());

    answers.add(503);
    answers.add(new ConnectException("Connection refused"));
    answers.add(429);
    events = 8;
    assertTrue(reporter.reportOnce() >= 1_000);
    events = 12;
    reporter.reportOnce();
    events = 20;
    reporter.reportOnce();
    events = 21;
    assertEquals(1_000, reporter.reportOnce());

    assertEquals(new BigDecimal(16), lastDelta());
    String[] lines = logged.toString().split("\n");
    assertEquals(2, lines.length, logged.toString());
    assertTrue(lines[0].contains("report failed") && lines[0].contains("HTTP 503"), lines[0]);
    assertTrue(lines[1].contains("failed_reports=3"), lines[1]);
  }

  @Test
  void refusedPayloadIsDroppedOnceAndReportingCarriesOn() throws Exception {
    events = 5;
    answers.add(400);
    answers.add(400);
    assertEquals(1_000, reporter.reportOnce());
    events = 7;
    reporter.reportOnce();
    events = 10;
    reporter.reportOnce();

    assertEquals(new BigDecimal(3), lastDelta());
    String[] lines = logged.toString().split("\n");
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
}
