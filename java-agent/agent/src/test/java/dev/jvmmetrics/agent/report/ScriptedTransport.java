package dev.jvmmetrics.agent.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jvmmetrics.agent.http.Transport;
import dev.jvmmetrics.testing.Payloads;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A transport that answers from a script: a queue of statuses, {@code {status, retryAfter}} pairs
 * and exceptions (200 when empty). One post can be held until released or cut off, like a request
 * whose answer is slow to come. Records every body, and which were delivered.
 */
final class ScriptedTransport implements Transport {
  final Queue<Object> answers = new ConcurrentLinkedQueue<>();
  final List<JsonNode> bodies = Collections.synchronizedList(new ArrayList<>());
  final List<JsonNode> delivered = Collections.synchronizedList(new ArrayList<>());
  volatile int posts;
  volatile int cutOffs;

  private volatile long cutOffNanos;
  private volatile boolean holdNext;
  private final CountDownLatch held = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch cutOff = new CountDownLatch(1);

  @Override
  public Response post(byte[] body, int length, String measurementsTime, long deadlineNanos)
      throws IOException {
    posts++;
    JsonNode json = Payloads.parse(new String(body, 0, length, StandardCharsets.UTF_8));
    bodies.add(json);
    long deadline = cutOffs > 0 && cutOffNanos - deadlineNanos < 0 ? cutOffNanos : deadlineNanos;
    if (System.nanoTime() - deadline >= 0) {
      throw new SocketTimeoutException("deadline passed before sending");
    }
    if (holdNext) {
      holdNext = false;
      held.countDown();
      try {
        while (!release.await(5, TimeUnit.MILLISECONDS)) {
          long until = cutOffs > 0 ? cutOffNanos : deadlineNanos;
          if (System.nanoTime() - until >= 0) {
            throw new SocketTimeoutException("cut off");
          }
        }
      } catch (InterruptedException e) {
        throw new IOException(e);
      }
    }
    Object answer = answers.isEmpty() ? 200 : answers.poll();
    if (answer instanceof IOException) {
      throw (IOException) answer;
    }
    int status;
    String retryAfter = null;
    if (answer instanceof Object[]) {
      status = (Integer) ((Object[]) answer)[0];
      retryAfter = (String) ((Object[]) answer)[1];
    } else {
      status = (Integer) answer;
    }
    if (status >= 200 && status < 300) {
      delivered.add(json);
    }
    return new Response(status, retryAfter);
  }

  @Override
  public void cutOff(long deadlineNanos) {
    cutOffNanos = deadlineNanos;
    cutOffs++;
    cutOff.countDown();
  }

  /** Waits until a shutdown has cut this transport off: the final report has begun. */
  void awaitCutOff() throws InterruptedException {
    if (!cutOff.await(30, TimeUnit.SECONDS)) {
      throw new AssertionError("no cut-off");
    }
  }

  void holdNext() {
    holdNext = true;
  }

  void awaitHeld() throws InterruptedException {
    if (!held.await(30, TimeUnit.SECONDS)) {
      throw new AssertionError("no post was held");
    }
  }

  void releaseHeld() {
    release.countDown();
  }

  BigDecimal lastDelta(String counter) {
    return Payloads.number(bodies.get(bodies.size() - 1).get("counters"), counter);
  }

  BigDecimal sumOfDeliveredDeltas(String counter) {
    BigDecimal sum = BigDecimal.ZERO;
    synchronized (delivered) {
      for (JsonNode body : delivered) {
        sum = sum.add(Payloads.number(body.get("counters"), counter));
      }
    }
    return sum;
  }
}
