package dev.jvmmetrics.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A metrics endpoint on 127.0.0.1 built on a bare {@link ServerSocket}, so a test controls every
 * byte: it answers each request as a script says ({@link Answer}), can refuse connections for a
 * while, and records each request with its outcome.
 *
 * <p>A request counts as {@link Outcome#COMMITTED} — its counts taken — only when a complete 2xx
 * head went to a client that was still waiting for it, as a server that commits on answering would
 * see it. A client that gave up first leaves the request {@link Outcome#ABANDONED}.
 */
public final class LoopbackEndpoint implements AutoCloseable {
  /** What became of one request. */
  public enum Outcome {
    PENDING,
    COMMITTED,
    ANSWERED,
    ABANDONED,
    BROKEN
  }

  /** One recorded request. Header names are lower-cased. */
  public static final class Request {
    public final int number;
    public final int connection;
    public final String method;
    public final String target;
    public final Map<String, String> headers;
    public final String body;

    /** The body's bytes as received: for binary (protobuf) and gzip-compressed bodies. */
    public final byte[] bytes;

    public final long receivedNanos = System.nanoTime();
    public volatile Answer answer;
    public volatile Outcome outcome = Outcome.PENDING;
    public volatile long answeredNanos;

    /** When the server saw the client close or reset the connection; 0 if it did not. */
    public volatile long clientGoneNanos;

    Request(int number, int connection, String[] line, Map<String, String> headers, byte[] bytes) {
      this.number = number;
      this.connection = connection;
      this.method = line[0];
      this.target = line[1];
      this.headers = headers;
      this.bytes = bytes;
      this.body = new String(bytes, StandardCharsets.UTF_8);
    }

    /** The body as a JSON tree (fails the test if it is not well-formed JSON). */
    public JsonNode json() {
      return Payloads.parse(body);
    }

    /** The body's {@code counters} or {@code gauges} object. */
    public JsonNode section(String name) {
      return Payloads.section(body, name);
    }

    @Override
    public String toString() {
      return "#" + number + " " + answer + " " + outcome;
    }
  }

  private final List<Request> requests = new ArrayList<>();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile Function<Request, Answer> script = request -> Answer.ok();
  private volatile ServerSocket listener;
  private volatile boolean closed;
  private final int port;
  private int connections;

  public LoopbackEndpoint() throws IOException {
    listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    port = listener.getLocalPort();
    startAccepting(listener);
  }

  /** Answers each request as {@code answers} says. */
  public void script(Function<Request, Answer> answers) {
    this.script = answers;
  }

  /** Stops listening (connections are refused) and drops open connections; or listens again. */
  public synchronized void refuse(boolean refusing) throws IOException {
    if (refusing == listener.isClosed()) {
      return; // Already so.
    }
    if (refusing) {
      listener.close();
      for (Socket socket : open) {
        socket.close();
      }
      return;
    }
    ServerSocket again = new ServerSocket();
    again.setReuseAddress(true);
    again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
    listener = again;
    startAccepting(again);
  }

  public String url(String pathAndQuery) {
    return "http://127.0.0.1:" + port + pathAndQuery;
  }

  public String userInfoUrl(String userInfo, String pathAndQuery) {
    return "http://" + userInfo + "@127.0.0.1:" + port + pathAndQuery;
  }

  public List<Request> requests() {
    synchronized (requests) {
      return new ArrayList<>(requests);
    }
  }

  public List<Request> requests(Outcome outcome) {
    List<Request> matching = new ArrayList<>();
    for (Request request : requests()) {
      if (request.outcome == outcome) {
        matching.add(request);
      }
    }
    return matching;
  }

  public synchronized int connectionsAccepted() {
    return connections;
  }

  /** Waits until the recorded requests satisfy {@code condition}; false on timeout. */
  public boolean await(Predicate<List<Request>> condition, long timeoutMillis)
      throws InterruptedException {
    long end = System.nanoTime() + timeoutMillis * 1_000_000L;
    while (!condition.test(requests())) {
      if (System.nanoTime() - end > 0) {
        return false;
      }
      Thread.sleep(10);
    }
    return true;
  }

  private void startAccepting(ServerSocket server) {
    Thread acceptor = new Thread(() -> accept(server), "raw-endpoint-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private void accept(ServerSocket server) {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        int number;
        synchronized (this) {
          number = ++connections;
        }
        open.add(socket);
        Thread handler = new Thread(() -> serve(socket, number), "raw-endpoint-" + number);
        handler.setDaemon(true);
        handler.start();
      } catch (IOException e) {
        return; // Closed: refusing, or done.
      }
    }
  }

  private void serve(Socket socket, int connection) {
    try (Socket s = socket) {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      while (!closed) {
        Request request = readRequest(in, connection);
        if (request == null) {
          return;
        }
        Answer answer = script.apply(request);
        request.answer = answer;
        if (!new Responder(s, in, out, request).respond(answer)) {
          return;
        }
      }
    } catch (IOException e) {
      // The client went away or a test closed the endpoint.
    } finally {
      open.remove(socket);
    }
  }

  private Request readRequest(InputStream in, int connection) throws IOException {
    String first = readLine(in);
    if (first == null) {
      return null;
    }
    Map<String, String> headers = new LinkedHashMap<>();
    String line;
    while ((line = readLine(in)) != null && !line.isEmpty()) {
      int colon = line.indexOf(':');
      headers.put(line.substring(0, colon).trim().toLowerCase(), line.substring(colon + 1).trim());
    }
    int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
    byte[] body = in.readNBytes(length);
    synchronized (requests) {
      Request request =
          new Request(requests.size() + 1, connection, first.split(" "), headers, body);
      requests.add(request);
      return request;
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      if (c != '\r') {
        line.write(c);
      }
    }
    return c == -1 && line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
  }

  /**
   * Waits up to {@code millis} for the client to close the connection.
   *
   * @return whether it did
   */
  static boolean clientLeavesWithin(Socket socket, InputStream in, long millis) {
    try {
      socket.setSoTimeout((int) Math.max(1, millis));
      return in.read() == -1;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // Reset.
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    listener.close();
    for (Socket socket : open) {
      socket.close();
    }
  }
}
