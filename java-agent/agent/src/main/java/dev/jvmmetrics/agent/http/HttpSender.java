package dev.jvmmetrics.agent.http;

import dev.jvmmetrics.agent.Endpoint;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.net.ssl.SSLSocketFactory;

/**
 * POSTs one report over HTTP/1.1 and reads the whole answer, all by one deadline.
 *
 * <p>This is a small client of its own over {@link java.net.Socket} rather than {@link
 * java.net.HttpURLConnection}, because that class cannot keep the promises the agent makes:
 *
 * <ul>
 *   <li>Its timeouts are per operation: a server that drip-feeds its answer, a byte before each
 *       read timeout, holds it for ever. Enforcing one deadline over it takes a second thread; here
 *       {@link DeadlineSocket} bounds connect, TLS handshake and every read by one deadline.
 *   <li>Its keep-alive cache is shared with the application and starts a {@code Keep-Alive-Timer}
 *       thread; the agent promises one thread of its own.
 *   <li>It calls into application code on the agent's thread: the default {@code CookieHandler},
 *       {@code ResponseCache}, and on a 401 the default {@code Authenticator}.
 *   <li>Unless streaming mode is set, it resends a request whose reused connection failed (property
 *       {@code sun.net.http.retryPost}), which for a report of deltas means counting twice.
 * </ul>
 *
 * <p>What the endpoint needs is small: one request shape, and a response framed by {@code
 * Content-Length}, chunked coding or the connection closing ({@link ResponseReader}). The request
 * (a few KiB) goes out in one write into a send buffer sized to hold it, so writing never waits on
 * the server. Redirects are not followed: a 3xx is returned like any other status, and the reporter
 * counts it a failure. One connection is kept alive between reports while the server allows
 * (honouring {@code Connection: close} and {@code Keep-Alive: timeout}), and is checked before
 * reuse; a failed request is never resent here. No proxy is used: the endpoint is the platform's
 * own. Name lookup, which no Java API bounds, waits by the same deadline ({@link HostResolver}, the
 * one step that may leave a thread behind while a resolver hangs); the shutdown report reuses the
 * last address instead.
 */
public final class HttpSender implements Transport {
  /** Idle time after which a kept-alive connection is not reused when the server names none. */
  static final long DEFAULT_IDLE_MILLIS = 30_000;

  /** Margin under the server's own {@code Keep-Alive: timeout}, so it does not close under us. */
  static final long IDLE_MARGIN_MILLIS = 1_000;

  private final Endpoint endpoint;
  private final byte[] headPrefix;
  private final boolean measurementsHeaders;

  /** Compresses each body when the destination asks for gzip; {@code null} otherwise. */
  private final Gzip gzip;

  private final SSLSocketFactory tls;
  private final HostResolver resolver;
  private final ResponseReader reader = new ResponseReader();
  private byte[] request = new byte[4096];

  private HttpConnection idle;
  private InetAddress lastAddress;
  private volatile HttpConnection inUse;
  private volatile boolean cutOff;
  private volatile long cutOffNanos;
  private int connectionsOpened;

  /**
   * @param tls the TLS socket factory for https endpoints; {@code null} uses the JVM's default,
   *     looked up at the first https connection
   */
  public HttpSender(Endpoint endpoint, String userAgent, SSLSocketFactory tls) {
    this(endpoint, userAgent, tls, RequestFormat.heroku(), NameLookup.SYSTEM);
  }

  /** A sender whose requests carry {@code format}'s content type, headers and compression. */
  public HttpSender(
      Endpoint endpoint, String userAgent, SSLSocketFactory tls, RequestFormat format) {
    this(endpoint, userAgent, tls, format, NameLookup.SYSTEM);
  }

  /** For tests: resolves names through {@code lookup}. */
  HttpSender(Endpoint endpoint, String userAgent, SSLSocketFactory tls, NameLookup lookup) {
    this(endpoint, userAgent, tls, RequestFormat.heroku(), lookup);
  }

  HttpSender(
      Endpoint endpoint,
      String userAgent,
      SSLSocketFactory tls,
      RequestFormat format,
      NameLookup lookup) {
    this.endpoint = endpoint;
    this.resolver = new HostResolver(lookup);
    this.tls = tls;
    this.measurementsHeaders = format.measurementsHeaders;
    this.gzip = format.gzip ? new Gzip() : null;
    StringBuilder head = new StringBuilder(256);
    head.append("POST ").append(endpoint.requestTarget).append(" HTTP/1.1\r\n");
    head.append("Host: ").append(endpoint.hostHeader).append("\r\n");
    head.append("User-Agent: ").append(userAgent).append("\r\n");
    head.append("Content-Type: ").append(format.contentType).append("\r\n");
    if (format.gzip) {
      head.append("Content-Encoding: gzip\r\n");
    }
    if (measurementsHeaders) {
      head.append("Measurements-Count: 1\r\n");
    }
    if (endpoint.authorization != null) {
      head.append("Authorization: ").append(endpoint.authorization).append("\r\n");
    }
    for (Map.Entry<String, String> header : format.headers.entrySet()) {
      head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
    }
    this.headPrefix = head.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  @Override
  public Response post(byte[] body, int length, String measurementsTime, long deadlineNanos)
      throws IOException {
    int size = writeRequest(body, length, measurementsTime);
    HttpConnection connection = takeIdle();
    boolean keep = false;
    try {
      if (connection == null) {
        connection = new HttpConnection(deadlineNanos);
        startUsing(connection, deadlineNanos);
        InetAddress address = resolve(deadlineNanos);
        connection.connect(address, endpoint, tlsFactory(), size);
        connectionsOpened++;
        lastAddress = address;
      } else {
        startUsing(connection, deadlineNanos);
      }
      connection.write(request, size);
      reader.readHead(connection.input());
      try {
        keep = reader.drainBody() && !cutOff;
      } catch (IOException | RuntimeException e) {
        // The status is in, so the report's fate is known; only this connection is lost.
      }
      return new Response(reader.status(), reader.retryAfter(), reader.keptBody());
    } catch (RuntimeException e) {
      throw new IOException(e.toString(), e);
    } finally {
      // Whatever happened, an Error included, the connection is either kept or closed.
      inUse = null;
      if (keep) {
        long idleNanos = idleMillis(reader.keepAliveTimeoutMillis()) * 1_000_000L;
        connection.idleUntil(System.nanoTime() + idleNanos);
        idle = connection;
      } else if (connection != null) {
        connection.close();
      }
    }
  }

  /**
   * Ends whatever is in flight by {@code deadlineNanos} at the latest, and every later request too.
   * Safe to call from another thread.
   */
  @Override
  public void cutOff(long deadlineNanos) {
    cutOffNanos = deadlineNanos;
    cutOff = true;
    resolver.cutOff(deadlineNanos);
    HttpConnection current = inUse;
    if (current != null) {
      current.cutOff(deadlineNanos);
    }
  }

  /**
   * For tests: how many connections this sender has opened (reuse shows as fewer than requests).
   */
  int connectionsOpened() {
    return connectionsOpened;
  }

  /** For tests: whether the kept-alive connection, if any, could carry the next request. */
  boolean idleConnectionUsable() {
    HttpConnection connection = idle;
    return connection != null && connection.reusable(System.nanoTime());
  }

  /** Closes the kept-alive connection, if any. */
  void close() {
    HttpConnection connection = idle;
    idle = null;
    if (connection != null) {
      connection.close();
    }
  }

  private void startUsing(HttpConnection connection, long deadlineNanos) {
    // Publish first, then read the cut-off: a concurrent cutOff() either sees this connection or
    // has already set the cut-off read here.
    inUse = connection;
    connection.deadline(deadlineNanos);
    if (cutOff) {
      connection.cutOff(cutOffNanos);
    }
  }

  private HttpConnection takeIdle() {
    HttpConnection connection = idle;
    idle = null;
    if (connection != null && !connection.reusable(System.nanoTime())) {
      connection.close();
      return null;
    }
    return connection;
  }

  private InetAddress resolve(long deadlineNanos) throws IOException {
    if (cutOff && lastAddress != null) {
      return lastAddress; // Shutting down: the time left is better spent connecting.
    }
    return resolver.resolve(endpoint.host, deadlineNanos);
  }

  private SSLSocketFactory tlsFactory() {
    if (!endpoint.https) {
      return null;
    }
    return tls != null ? tls : (SSLSocketFactory) SSLSocketFactory.getDefault();
  }

  static long idleMillis(long serverTimeoutMillis) {
    if (serverTimeoutMillis < 0) {
      return DEFAULT_IDLE_MILLIS;
    }
    return Math.max(0, Math.min(DEFAULT_IDLE_MILLIS, serverTimeoutMillis - IDLE_MARGIN_MILLIS));
  }

  /** Writes head and body into {@link #request}; returns its length. */
  private int writeRequest(byte[] body, int length, String measurementsTime) {
    if (gzip != null) {
      gzip.compress(body, length);
      body = gzip.bytes();
      length = gzip.length();
    }
    String lastHeaders =
        (measurementsHeaders ? "Measurements-Time: " + measurementsTime + "\r\n" : "")
            + "Content-Length: "
            + length
            + "\r\n\r\n";
    int size = headPrefix.length + lastHeaders.length() + length;
    if (request.length < size) {
      request = new byte[Math.max(size, request.length * 2)];
    }
    System.arraycopy(headPrefix, 0, request, 0, headPrefix.length);
    int at = headPrefix.length;
    for (int i = 0; i < lastHeaders.length(); i++) {
      request[at++] = (byte) lastHeaders.charAt(i);
    }
    System.arraycopy(body, 0, request, at, length);
    return size;
  }
}
