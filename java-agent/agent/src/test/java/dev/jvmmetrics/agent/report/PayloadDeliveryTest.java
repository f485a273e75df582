package dev.jvmmetrics.agent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmmetrics.agent.Endpoint;
import dev.jvmmetrics.agent.Log;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/**
 * The reporter over any {@link Payload} (the OTLP destination's way in): what a payload counted is
 * spent only when delivered or refused for good, so nothing is lost and nothing is sent twice.
 */
class PayloadDeliveryTest {
  private static final long INTERVAL = 1_000;
  private static final long GENEROUS_MILLIS = 60_000;

  private final Log log = new Log(new PrintStream(new ByteArrayOutputStream(), true));
  private final ScriptedTransport transport = new ScriptedTransport();
  private final FakePayload payload = new FakePayload();
  private final Reporter reporter =
      new Reporter(
          INTERVAL,
          payload,
          new DeliveryLog(log, Endpoint.parse("http://127.0.0.1:1/v1/metrics")),
          transport,
          new Backoff(INTERVAL, 3),
          GENEROUS_MILLIS,
          new ReentrantLock());

  /** Writes how many events happened since the last commit, as a delta payload does. */
  private static final class FakePayload implements Payload {
    long events;
    long committedEvents;
    long writtenEvents;
    int commits;
    int closes;
    private final byte[] buffer = new byte[256];
    private int length;

    @Override
    public Body write(long nowEpochMillis) {
      writtenEvents = events;
      byte[] json =
          ("{\"counters\":{\"events\":" + (events - committedEvents) + "},\"gauges\":{}}")
              .getBytes(StandardCharsets.UTF_8);
      System.arraycopy(json, 0, buffer, 0, json.length);
      length = json.length;
      return new Body() {
        @Override
        public byte[] bytes() {
          return buffer;
        }

        @Override
        public int length() {
          return length;
        }
      };
    }

    @Override
    public void commit() {
      commits++;
      committedEvents = writtenEvents;
    }

    @Override
    public String contentType() {
      return "application/json";
    }

    @Override
    public PartialSuccess partialSuccess(byte[] answer) {
      return null;
    }

    @Override
    public void close() {
      closes++;
    }
  }

  private long report() throws IOException {
    return reporter.cycle();
  }

  @Test
  void aFailedExportIsNotSpentAndRidesWithTheNextDelivery() throws Exception {
    payload.events = 5;
    transport.answers.add(new ConnectException("refused"));
    transport.answers.add(503);
    report();
    payload.events = 7;
    report();
    assertEquals(0, payload.commits);
    payload.events = 9;
    assertEquals(INTERVAL, report());
    assertEquals(1, payload.commits);
    assertEquals(new BigDecimal(9), transport.sumOfDeliveredDeltas("events"));
    payload.events = 12;
    report();
    assertEquals(new BigDecimal(12), transport.sumOfDeliveredDeltas("events"));
  }

  @Test
  void aRefusedExportIsSpentOnceAndNotSentAgain() throws Exception {
    payload.events = 4;
    transport.answers.add(400);
    assertEquals(INTERVAL, report());
    assertEquals(1, payload.commits);
    payload.events = 6;
    report();
    assertEquals(new BigDecimal(2), transport.lastDelta("events"));
  }

  @Test
  void takingOverSpendsWhatCameBeforeWithoutSendingIt() throws Exception {
    payload.events = 40;
    reporter.startFromNow();
    assertEquals(0, transport.posts);
    payload.events = 43;
    report();
    assertEquals(new BigDecimal(3), transport.lastDelta("events"));
  }

  @Test
  void theLastReportLetsThePayloadGo() throws Exception {
    payload.events = 1;
    report();
    payload.events = 2;
    assertTrue(reporter.finalReport(GENEROUS_MILLIS));
    assertEquals(1, payload.closes);
    assertEquals(new BigDecimal(2), transport.sumOfDeliveredDeltas("events"));
    assertEquals(-1, reporter.cycle());
  }

  @Test
  void aReceiverAskingForQuietIsLeftAloneAsLongAsItAsks() throws Exception {
    payload.events = 3;
    transport.answers.add(new Object[] {429, "120"});
    long delay = report();
    assertTrue(delay >= 120_000, delay + " ms");
    assertEquals(0, payload.commits);
    payload.events = 5;
    report();
    assertEquals(new BigDecimal(5), transport.sumOfDeliveredDeltas("events"));
  }
}
