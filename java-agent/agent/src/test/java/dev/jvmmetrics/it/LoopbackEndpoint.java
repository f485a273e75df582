package dev.jvmmetrics.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.jvmmetrics.agent.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.IntUnaryOperator;

/**
 * A metrics endpoint on 127.0.0.1 that records every request. By default it answers 200; a test
 * can script the status by request number (1-based).
 */
public final class LoopbackEndpoint implements AutoCloseable {
  /** One recorded POST. Header names are lower-cased. */
  public static final class Request {
    public final String method;
    public final String path;
    public final Map<String, String> headers;
    public final String body;
    public final long receivedNanos;

    Request(String method, String path, Map<String, String> headers, String body) {
      this.method = method;
      this.path = path;
      this.headers = headers;
      this.body = body;
      this.receivedNanos = System.nanoTime();
    }

    public Map<String, Object> json() {
      return Json.object(body);
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> section(String name) {
      return (Map<String, Object>) json().get(name);
    }
  }

  private final HttpServer server;
  private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
  private volatile IntUnaryOperator statusForRequest = n -> 200;

  public LoopbackEndpoint() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
  }

  /** Answers request number {@code n} (1-based) with {@code statuses.applyAsInt(n)}. */
  public void answer(IntUnaryOperator statuses) {
    this.statusForRequest = statuses;
  }

  private void handle(HttpExchange exchange) throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
    String body = new String(readAll(exchange.getRequestBody()), StandardCharsets.UTF_8);
    int number;
    synchronized (requests) {
      requests.add(
          new Request(
              exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers, body));
      number = requests.size();
    }
    byte[] answer = "ok\n".getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(statusForRequest.applyAsInt(number), answer.length);
    exchange.getResponseBody().write(answer);
    exchange.close();
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int n;
    while ((n = in.read(buffer)) > 0) {
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  public String url(String pathAndQuery) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery;
  }

  public List<Request> requests() {
    synchronized (requests) {
      return new ArrayList<>(requests);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
