package dev.jvmmetrics.agent.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A resolver whose servers do not answer until the test says so: every lookup blocks until {@link
 * #release()}, then answers the loopback address. It gives up by itself after 20 s, so a test that
 * fails cannot hang the build.
 */
final class BlockingLookup implements NameLookup {
  private final CountDownLatch released = new CountDownLatch(1);
  private final AtomicInteger calls = new AtomicInteger();

  @Override
  public InetAddress byName(String host) throws UnknownHostException {
    calls.incrementAndGet();
    try {
      released.await(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return InetAddress.getLoopbackAddress();
  }

  void release() {
    released.countDown();
  }

  /** How many lookups were started. */
  int calls() {
    return calls.get();
  }
}
