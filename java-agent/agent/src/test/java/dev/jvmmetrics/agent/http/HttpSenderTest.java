package dev.jvmmetrics.agent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmmetrics.agent.Endpoint;
import dev.jvmmetrics.testing.Answer;
import dev.jvmmetrics.testing.LoopbackEndpoint;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ProtocolException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP client against a loopback server that misbehaves on cue. */
class HttpSenderTest {
  private static final byte[] BODY =
      "{\"counters\":{},\"gauges\":{}}".getBytes(StandardCharsets.UTF_8);

  private final LoopbackEndpoint server = newServer();
  private HttpSender sender = sender(server.url("/metrics/abc?token=s3cret"));

  private static LoopbackEndpoint newServer() {
    try {
      return new LoopbackEndpoint();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static HttpSender sender(String url) {
    return new HttpSender(Endpoint.parse(url), "jvm-metrics-agent/test", null);
  }

  private Transport.Response post(long timeoutMillis) throws IOException {
    return sender.post(BODY, BODY.length, "2026-11-29T12:00:00.000Z", deadline(timeoutMillis));
  }

  private static long deadline(long millis) {
    return System.nanoTime() + millis * 1_000_000L;
  }

  @AfterEach
  void close() throws IOException {
    sender.close();
    server.close();
  }

  @Test
  void sendsTheWireFormatWithUserInfoAsBasicAuth() throws Exception {
    sender = sender(server.userInfoUrl("us%65r:p%40ss", "/metrics/abc?token=s3cret"));
    assertEquals(200, post(5_000).status);

    LoopbackEndpoint.Request request = server.requests().get(0);
    assertEquals("POST", request.method);
    assertEquals("/metrics/abc?token=s3cret", request.target);
    assertEquals(server.url("").substring("http://".length()), request.headers.get("host"));
    assertEquals("application/json", request.headers.get("content-type"));
    assertEquals("1", request.headers.get("measurements-count"));
    assertEquals("2026-11-29T12:00:00.000Z", request.headers.get("measurements-time"));
    assertEquals("jvm-metrics-agent/test", request.headers.get("user-agent"));
    assertEquals(String.valueOf(BODY.length), request.headers.get("content-length"));
    assertEquals(new String(BODY, StandardCharsets.UTF_8), request.body);
    String credentials = request.headers.get("authorization").substring("Basic ".length());
    assertEquals(
        "user:p@ss", new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8));
  }

  @Test
  void keepsOneConnectionAliveAcrossReportsOfEveryFraming() throws Exception {
    AtomicReference<Answer> next = new AtomicReference<>();
    server.script(request -> next.get());
    for (Answer answer :
        new Answer[] {
          Answer.ok(), Answer.chunked("a body in chunks"), Answer.status(204).body(""),
          Answer.status(500), Answer.status(429, "Retry-After", "1"), Answer.ok()
        }) {
      next.set(answer);
      assertEquals(answer.status, post(5_000).status);
    }
    assertEquals(1, server.connectionsAccepted());
    assertEquals(1, sender.connectionsOpened());
  }

  @Test
  void honoursConnectionCloseAndShortKeepAlive() throws Exception {
    server.script(
        request ->
            request.number == 1
                ? Answer.status(200, "Connection", "close")
                : Answer.status(200, "Keep-Alive", "timeout=1"));
    post(5_000);
    post(5_000);
    post(5_000);
    assertEquals(3, server.connectionsAccepted());
  }

  @Test
  void doesNotReuseAConnectionTheServerClosedWhileIdle() throws Exception {
    server.script(request -> request.number == 1 ? Answer.okThenClose() : Answer.ok());
    assertEquals(200, post(5_000).status);
    // The server's FIN arrives while the connection is idle: wait until it has, however slowly.
    long giveUp = deadline(30_000);
    while (sender.idleConnectionUsable() && System.nanoTime() - giveUp < 0) {
      Thread.sleep(5);
    }
    assertEquals(200, post(5_000).status);
    assertEquals(2, server.connectionsAccepted());
    assertEquals(2, server.requests().size(), "nothing was sent twice");
  }

  @Test
  void returnsARedirectWithoutFollowingIt() throws Exception {
    try (LoopbackEndpoint elsewhere = new LoopbackEndpoint()) {
      server.script(request -> Answer.redirect(elsewhere.url("/moved")));
      assertEquals(302, post(5_000).status);
      assertEquals(0, elsewhere.requests().size());
    }
  }

  @Test
  void aDripFeedingServerIsCutOffAtTheDeadlineNotPerRead() {
    server.script(request -> Answer.drip(20)); // 240 bytes, 20 ms apart: about 5 s in all.
    long start = System.nanoTime();
    assertThrows(SocketTimeoutException.class, () -> post(300));
    long took = (System.nanoTime() - start) / 1_000_000L;
    assertTrue(took < 2_500, "a 300 ms deadline took " + took + " ms");
  }

  @Test
  void aHangingServerIsCutOffAtTheDeadline() {
    server.script(request -> Answer.hang());
    long start = System.nanoTime();
    assertThrows(SocketTimeoutException.class, () -> post(300));
    long took = (System.nanoTime() - start) / 1_000_000L;
    assertTrue(took < 2_500, "a 300 ms deadline took " + took + " ms");
  }

  @Test
  void aCutOffEndsAReadInFlightFromAnotherThread() throws Exception {
    server.script(request -> Answer.hang());
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread reporting =
        new Thread(
            () -> {
              try {
                post(30_000);
              } catch (Throwable t) {
                failure.set(t);
              }
            });
    reporting.start();
    assertTrue(server.await(requests -> requests.size() == 1, 5_000));
    long start = System.nanoTime();
    sender.cutOff(deadline(100));
    reporting.join(10_000);
    long took = (System.nanoTime() - start) / 1_000_000L;
    assertTrue(failure.get() instanceof SocketTimeoutException, String.valueOf(failure.get()));
    assertTrue(took < 2_500, "the cut-off took " + took + " ms");
  }

  @Test
  void aNameLookupThatHangsEndsThePostByItsDeadlineAndTheNextCycleIsNotStuck() throws Exception {
    BlockingLookup lookup = new BlockingLookup();
    sender = named(lookup);
    for (int cycle = 1; cycle <= 3; cycle++) {
      long start = System.nanoTime();
      assertThrows(SocketTimeoutException.class, () -> post(300));
      long took = (System.nanoTime() - start) / 1_000_000L;
      // A guarantee, with room for a loaded machine: 300 ms asked, well under the hang.
      assertTrue(took < 2_500, "cycle " + cycle + ": a 300 ms deadline took " + took + " ms");
    }
    assertEquals(1, lookup.calls(), "one lookup outstanding at most, however many cycles wait");
    assertEquals(1, lookupThreads(), "one thread left behind at most");

    lookup.release(); // The resolver answers at last: the next report goes through.
    assertEquals(200, post(5_000).status);
    assertEquals(1, server.requests().size());
  }

  @Test
  void aLookedUpAddressServesNewConnectionsWithoutAnotherLookup() throws Exception {
    CountingLookup lookup = new CountingLookup();
    sender = named(lookup);
    server.script(request -> Answer.status(200, "Connection", "close"));
    for (int i = 0; i < 3; i++) {
      assertEquals(200, post(5_000).status);
    }
    assertEquals(3, server.connectionsAccepted());
    assertEquals(1, lookup.calls.get(), "within the JVM's DNS cache time the address is reused");
  }

  @Test
  void anIpLiteralIsNeverLookedUp() throws Exception {
    CountingLookup lookup = new CountingLookup();
    sender =
        new HttpSender(Endpoint.parse(server.url("/")), "jvm-metrics-agent/test", null, lookup);
    assertEquals(200, post(5_000).status);
    assertEquals(0, lookup.calls.get());
  }

  /** A sender to this test's server under a host name that only {@code lookup} knows. */
  private HttpSender named(NameLookup lookup) {
    String url = server.url("/metrics").replace("127.0.0.1", "metrics.example.invalid");
    return new HttpSender(Endpoint.parse(url), "jvm-metrics-agent/test", null, lookup);
  }

  private static long lookupThreads() {
    long n = 0;
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().equals(HostResolver.THREAD_NAME)) {
        n++;
      }
    }
    return n;
  }

  /** Answers every lookup at once with the loopback address, and counts them. */
  private static final class CountingLookup implements NameLookup {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public InetAddress byName(String host) {
      calls.incrementAndGet();
      return InetAddress.getLoopbackAddress();
    }
  }

  @Test
  void garbageFailsFastAsNotHttp() {
    server.script(request -> Answer.garbage());
    long start = System.nanoTime();
    assertThrows(ProtocolException.class, () -> post(10_000));
    assertTrue((System.nanoTime() - start) / 1_000_000L < 5_000);
  }

  @Test
  void aResetBeforeTheStatusIsAFailureButAfterTheHeadTheStatusStands() throws Exception {
    server.script(request -> request.number == 1 ? Answer.resetInHead() : Answer.resetInBody());
    assertThrows(IOException.class, () -> post(5_000));
    assertEquals(200, post(5_000).status);
    assertEquals(200, post(5_000).status);
    assertEquals(3, server.connectionsAccepted(), "a reset connection is never reused");
  }

  @Test
  void aRefusedConnectionIsAnIOException() throws Exception {
    int port;
    try (ServerSocket closed = new ServerSocket(0)) {
      port = closed.getLocalPort();
    }
    sender = sender("http://127.0.0.1:" + port + "/");
    assertThrows(ConnectException.class, () -> post(5_000));
  }

  @Test
  void startsNoThreadOfItsOwn() throws Exception {
    Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
    server.script(request -> request.number % 2 == 0 ? Answer.status(503) : Answer.ok());
    for (int i = 0; i < 6; i++) {
      post(5_000);
    }
    Set<Thread> started = new HashSet<>(Thread.getAllStackTraces().keySet());
    started.removeAll(before);
    started.removeIf(thread -> thread.getName().startsWith("raw-endpoint"));
    assertEquals(Set.of(), started);
  }
}
