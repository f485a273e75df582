package dev.jvmmetrics.agent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Name lookup by a deadline, its cache time, and the one thread it may leave behind. */
class HostResolverTest {
  private static final String HOST = "metrics.example.invalid";

  private static long in(long millis) {
    return System.nanoTime() + millis * 1_000_000L;
  }

  @Test
  void readsTheJvmsCacheTimeAsInetAddressDoes() {
    assertEquals(30, HostResolver.parseTtl(null));
    assertEquals(0, HostResolver.parseTtl("0"));
    assertEquals(60, HostResolver.parseTtl(" 60 "));
    assertEquals(HostResolver.FOREVER, HostResolver.parseTtl("-1"));
    assertEquals(30, HostResolver.parseTtl("soon"));
  }

  @Test
  void withACacheTimeOfZeroEveryNewConnectionLooksUpAgain() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    HostResolver resolver = new HostResolver(counting(calls), 0);
    resolver.resolve(HOST, in(5_000));
    resolver.resolve(HOST, in(5_000));
    assertEquals(2, calls.get());
  }

  @Test
  void aFailedLookupIsNotKept() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    HostResolver resolver =
        new HostResolver(
            host -> {
              if (calls.incrementAndGet() == 1) {
                throw new UnknownHostException(host);
              }
              return InetAddress.getLoopbackAddress();
            },
            HostResolver.FOREVER);
    assertThrows(UnknownHostException.class, () -> resolver.resolve(HOST, in(5_000)));
    assertEquals(InetAddress.getLoopbackAddress(), resolver.resolve(HOST, in(5_000)));
  }

  @Test
  void aLookupThatAnswersAfterItsReportGaveUpServesTheNextReport() throws Exception {
    BlockingLookup lookup = new BlockingLookup();
    HostResolver resolver = new HostResolver(lookup, 30);
    assertThrows(SocketTimeoutException.class, () -> resolver.resolve(HOST, in(100)));
    lookup.release();
    assertEquals(InetAddress.getLoopbackAddress(), resolver.resolve(HOST, in(10_000)));
    assertEquals(1, lookup.calls());
  }

  @Test
  void aCutOffEndsAWaitForALookupFromAnotherThread() throws Exception {
    BlockingLookup lookup = new BlockingLookup();
    HostResolver resolver = new HostResolver(lookup, 30);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread reporting =
        new Thread(
            () -> {
              try {
                resolver.resolve(HOST, in(30_000));
              } catch (Throwable t) {
                failure.set(t);
              }
            });
    reporting.start();
    while (lookup.calls() == 0) {
      Thread.sleep(5); // Polls a real condition: the lookup has started.
    }
    resolver.cutOff(in(100));
    reporting.join(10_000);
    lookup.release();
    assertTrue(failure.get() instanceof SocketTimeoutException, String.valueOf(failure.get()));
  }

  private static NameLookup counting(AtomicInteger calls) {
    return host -> {
      calls.incrementAndGet();
      return InetAddress.getLoopbackAddress();
    };
  }
}
