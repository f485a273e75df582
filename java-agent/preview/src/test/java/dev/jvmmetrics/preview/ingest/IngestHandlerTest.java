package dev.jvmmetrics.preview.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.jvmmetrics.preview.aggregate.Formation;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The endpoint's answers, over real HTTP on 127.0.0.1, as an agent or a curl would see them. */
class IngestHandlerTest {
  private static final String REPORT =
      "{\"counters\":{\"jvm_memory_bytes_allocated\":1024},\"gauges\":{\"jvm_memory_bytes_used.area_heap\":2048}}";

  private final HttpClient client = HttpClient.newHttpClient();
  private final List<String> refusals = new ArrayList<>();
  private Formation formation;
  private HttpServer server;
  private String base;

  @BeforeEach
  void start() throws IOException {
    formation = new Formation(Clock.systemUTC(), Duration.ofSeconds(1), Duration.ofMinutes(1), 3);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        IngestHandler.PATH,
        new IngestHandler(
            new ReportParser(),
            new MeasurementsTime(Clock.systemUTC()),
            formation,
            (dyno, reason) -> refusals.add(dyno + ": " + reason)));
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void aWellFormedReportIsAcceptedAndCharted() throws Exception {
    HttpResponse<String> response = post("/dynos/web.1", "application/json", now(), REPORT);

    assertEquals(200, response.statusCode());
    assertTrue(formation.types().get("web").containsKey("web.1"));
    assertEquals(List.of(), refusals);
  }

  @Test
  void aCharsetParameterAndAnEmptyReportAreFine() throws Exception {
    assertEquals(
        200, post("/dynos/worker.2", "application/json; charset=utf-8", now(), "{}").statusCode());
    assertEquals(
        200,
        post("/dynos/web.1", "application/json", now(), "{\"gauges\":{},\"extra\":[1]}")
            .statusCode());
  }

  @Test
  void malformedJsonIsA400WithOneLine() throws Exception {
    assertRefused(post("/dynos/web.1", "application/json", now(), "{\"gauges\":"), "not JSON");
    assertRefused(post("/dynos/web.1", "application/json", now(), "{} {}"), "not JSON");
    assertRefused(post("/dynos/web.1", "application/json", now(), ""), "empty");
    assertRefused(post("/dynos/web.1", "application/json", now(), "[1,2]"), "not an object");
    assertRefused(
        post("/dynos/web.1", "application/json", now(), "{\"gauges\":[1]}"), "must be an object");
    assertRefused(
        post("/dynos/web.1", "application/json", now(), "{\"gauges\":{\"x\":\"12\"}}"),
        "is a string, not a number");
    assertRefused(
        post("/dynos/web.1", "application/json", now(), "{\"counters\":{\"x\":-1}}"), "negative");
    assertRefused(
        post("/dynos/web.1", "application/json", now(), "{\"gauges\":{\"x\":1,\"x\":2}}"),
        "not JSON");
    assertTrue(formation.types().isEmpty());
  }

  @Test
  void aWrongOrMissingContentTypeIsA400() throws Exception {
    assertRefused(
        post("/dynos/web.1", "text/plain", now(), REPORT), "Content-Type 'text/plain' is not JSON");
    assertRefused(post("/dynos/web.1", null, now(), REPORT), "Content-Type header is missing");
  }

  @Test
  void aMissingStaleFutureOrUnreadableMeasurementsTimeIsA400() throws Exception {
    assertRefused(
        post("/dynos/web.1", "application/json", null, REPORT),
        "Measurements-Time header is missing");
    assertRefused(
        post(
            "/dynos/web.1", "application/json", Instant.now().minusSeconds(600).toString(), REPORT),
        "stale");
    assertRefused(
        post("/dynos/web.1", "application/json", Instant.now().plusSeconds(600).toString(), REPORT),
        "in the future");
    assertRefused(post("/dynos/web.1", "application/json", "yesterday", REPORT), "not RFC 3339");
  }

  @Test
  void aBadDynoNameIsA400() throws Exception {
    for (String path :
        List.of(
            "/dynos/web",
            "/dynos/",
            "/dynos/web.0",
            "/dynos/web.1/x",
            "/dynos/.1",
            "/dynos/we%20b.1")) {
      assertRefused(post(path, "application/json", now(), REPORT), "is not a dyno name");
    }
    assertRefused(post("/dynos/run.1", "application/json", now(), REPORT), "one-off dyno");
  }

  @Test
  void anotherMethodIsA405ThatSaysPost() throws Exception {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(URI.create(base + "/dynos/web.1")).GET().build(),
            HttpResponse.BodyHandlers.ofString());

    assertEquals(405, response.statusCode());
    assertEquals("POST", response.headers().firstValue("Allow").orElse(""));
    assertOneLine(response.body());
  }

  @Test
  void aHugeBodyIsA413() throws Exception {
    String huge = "{\"gauges\":{\"x\":1}," + " ".repeat(IngestHandler.MAX_BODY_BYTES) + "}";
    assertEquals(413, post("/dynos/web.1", "application/json", now(), huge).statusCode());
  }

  @Test
  void aFullFormationIsA429AndItsOwnDynosGoOn() throws Exception {
    for (int i = 1; i <= 3; i++) {
      assertEquals(200, post("/dynos/web." + i, "application/json", now(), REPORT).statusCode());
    }
    HttpResponse<String> fourth = post("/dynos/web.4", "application/json", now(), REPORT);

    assertEquals(429, fourth.statusCode());
    assertTrue(fourth.body().contains("--max-dynos"), fourth.body());
    assertEquals(200, post("/dynos/web.2", "application/json", now(), REPORT).statusCode());
  }

  @Test
  void invalidUtf8IsA400NotACrash() throws Exception {
    byte[] body = {
      '{',
      '"',
      'g',
      'a',
      'u',
      'g',
      'e',
      's',
      '"',
      ':',
      '{',
      '"',
      (byte) 0xC3,
      (byte) 0x28,
      '"',
      ':',
      '1',
      '}',
      '}'
    };
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + "/dynos/web.1"))
            .header("Content-Type", "application/json")
            .header("Measurements-Time", now())
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());

    assertRefused(response, "not JSON");
    // The endpoint still works afterwards.
    assertEquals(200, post("/dynos/web.1", "application/json", now(), REPORT).statusCode());
  }

  private void assertRefused(HttpResponse<String> response, String reason) {
    assertEquals(400, response.statusCode(), response.body());
    assertOneLine(response.body());
    assertTrue(response.body().contains(reason), "'" + response.body() + "' should say " + reason);
    assertFalse(refusals.isEmpty(), "the refusal is told to the terminal");
  }

  private static void assertOneLine(String body) {
    assertTrue(body.endsWith("\n") && body.indexOf('\n') == body.length() - 1, "one line: " + body);
    assertFalse(body.contains("Exception") || body.contains("\tat "), "no stack trace: " + body);
  }

  private HttpResponse<String> post(String path, String contentType, String time, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (time != null) {
      request.header("Measurements-Time", time);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String now() {
    return Instant.now().toString();
  }
}
