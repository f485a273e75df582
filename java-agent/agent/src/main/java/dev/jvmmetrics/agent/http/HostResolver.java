package dev.jvmmetrics.agent.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.Security;

/**
 * Resolves the endpoint's host name by a deadline, which no Java API does: {@code
 * InetAddress.getByName} waits as long as the system resolver takes, and cannot be interrupted.
 *
 * <p>So a lookup runs on a short-lived daemon thread of its own ({@link #THREAD_NAME}) while the
 * reporter waits for it only until the report's deadline. A resolver that hangs keeps that thread
 * until the lookup returns; there is never more than one: a later report that needs the name waits
 * on the lookup already under way instead of starting another, and takes its answer when it comes.
 *
 * <p>An answer is reused for new connections, without a lookup or a thread, for as long as the
 * JVM's own DNS cache keeps a name ({@code networkaddress.cache.ttl}, else {@code
 * sun.net.inetaddr.ttl}, else 30 s; a negative value means for ever, 0 means never), counted from
 * the agent's lookup. A failed lookup is not kept: the next report asks again, and the JVM's
 * negative cache answers it. IP literals need no lookup at all.
 */
final class HostResolver {
  static final String THREAD_NAME = "jvm-metrics-agent-lookup";

  /** The JVM's positive DNS cache time when nothing configures it (no security manager). */
  static final long DEFAULT_TTL_SECONDS = 30;

  /** The cache time that means for ever. */
  static final long FOREVER = -1;

  private final NameLookup lookup;
  private final Object lock = new Object();

  /** Seconds an answer is reused; read from the JVM's settings at the first lookup. */
  private long ttlSeconds = Long.MIN_VALUE;

  private InetAddress cached;
  private long cachedAtNanos;
  private Lookup pending;
  private volatile long cutOffNanos;
  private volatile boolean cutOff;

  HostResolver(NameLookup lookup) {
    this.lookup = lookup;
  }

  /** For tests: reuses answers for {@code ttlSeconds} whatever the JVM's settings. */
  HostResolver(NameLookup lookup, long ttlSeconds) {
    this(lookup);
    this.ttlSeconds = ttlSeconds;
  }

  /**
   * The address of {@code host}, by {@code deadlineNanos} (or an earlier {@link #cutOff}).
   *
   * @throws SocketTimeoutException when the lookup has not answered by then
   * @throws UnknownHostException when the resolver knows no such host
   */
  InetAddress resolve(String host, long deadlineNanos) throws IOException {
    if (HttpConnection.isIpLiteral(host)) {
      return InetAddress.getByName(host); // Parsed, never looked up.
    }
    Lookup current;
    synchronized (lock) {
      if (ttlSeconds == Long.MIN_VALUE) {
        ttlSeconds = jvmTtlSeconds();
      }
      long now = System.nanoTime();
      if (cached != null && fresh(cachedAtNanos, now)) {
        return cached;
      }
      if (pending != null && pending.done && !fresh(pending.answeredAtNanos, now)) {
        pending = null; // Answered long ago to a report that had given up: ask again.
      }
      if (pending == null) {
        pending = new Lookup(host);
        Thread thread = new Thread(pending, THREAD_NAME);
        thread.setDaemon(true); // A hung resolver must never hold the app's exit.
        thread.start();
      }
      current = pending;
      while (!current.done) {
        long until = cutOff && cutOffNanos - deadlineNanos < 0 ? cutOffNanos : deadlineNanos;
        long left = until - System.nanoTime();
        if (left <= 0) {
          throw new SocketTimeoutException(
              "the name lookup of " + host + " did not finish within the time limit");
        }
        try {
          lock.wait(Math.max(1, left / 1_000_000L));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SocketTimeoutException("interrupted while looking up " + host);
        }
      }
      if (pending == current) {
        pending = null; // Taken: the next lookup, when one is due, starts afresh.
      }
      if (current.failure != null) {
        throw current.failure;
      }
      cached = current.address;
      cachedAtNanos = current.answeredAtNanos;
      return cached;
    }
  }

  /** Makes a wait in progress, and every later one, end by {@code nanos}. From any thread. */
  void cutOff(long nanos) {
    synchronized (lock) {
      cutOffNanos = nanos;
      cutOff = true;
      lock.notifyAll();
    }
  }

  private boolean fresh(long answeredAtNanos, long nowNanos) {
    if (ttlSeconds == FOREVER) {
      return true;
    }
    return nowNanos - answeredAtNanos < ttlSeconds * 1_000_000_000L;
  }

  /**
   * The JVM's positive cache time, read as {@code InetAddress} itself reads it: the security
   * property first, then the older system property.
   */
  static long jvmTtlSeconds() {
    String value;
    try {
      value = Security.getProperty("networkaddress.cache.ttl");
      if (value == null) {
        value = System.getProperty("sun.net.inetaddr.ttl");
      }
    } catch (RuntimeException e) {
      return DEFAULT_TTL_SECONDS; // A security manager that forbids reading it.
    }
    return parseTtl(value);
  }

  static long parseTtl(String value) {
    if (value == null) {
      return DEFAULT_TTL_SECONDS;
    }
    try {
      long seconds = Long.parseLong(value.trim());
      return seconds < 0 ? FOREVER : seconds;
    } catch (NumberFormatException e) {
      return DEFAULT_TTL_SECONDS;
    }
  }

  /** One lookup, on its own thread; its answer goes back under the resolver's lock. */
  private final class Lookup implements Runnable {
    private final String host;
    private boolean done;
    private InetAddress address;
    private IOException failure;
    private long answeredAtNanos;

    Lookup(String host) {
      this.host = host;
    }

    @Override
    public void run() {
      InetAddress found = null;
      IOException failed = null;
      try {
        found = lookup.byName(host);
      } catch (UnknownHostException e) {
        failed = e;
      } catch (Throwable t) {
        // Nothing escapes this thread into the app's uncaught-exception handler.
        failed = new UnknownHostException(host + ": " + t);
      }
      synchronized (lock) {
        address = found;
        failure = failed;
        answeredAtNanos = System.nanoTime();
        done = true;
        lock.notifyAll();
      }
    }
  }
}
