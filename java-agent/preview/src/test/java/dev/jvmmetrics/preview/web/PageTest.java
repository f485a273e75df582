package dev.jvmmetrics.preview.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.jvmmetrics.preview.aggregate.Formation;
import dev.jvmmetrics.preview.aggregate.MutableClock;
import dev.jvmmetrics.preview.ingest.DynoName;
import dev.jvmmetrics.preview.ingest.Report;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The page, its files and its state, served from the jar's class path over real HTTP. */
class PageTest {
  private static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");
  private static final double MB = 1024 * 1024;

  private final HttpClient client = HttpClient.newHttpClient();
  private final MutableClock clock = new MutableClock(T0);
  private final Formation formation =
      new Formation(clock, Duration.ofSeconds(1), Duration.ofMinutes(1), 10);
  private HttpServer server;
  private String base;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(ApiHandler.PATH, new ApiHandler(formation, "http://127.0.0.1:1/dynos/"));
    server.createContext("/", new PageHandler());
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void thePageAndUplotComeFromTheJar() throws Exception {
    HttpResponse<String> page = get("/");
    assertEquals(200, page.statusCode());
    assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
    assertTrue(page.body().contains("src=\"/uplot/uPlot.iife.min.js\""));
    assertTrue(page.body().contains("src=\"/app.js\""));
    assertTrue(page.body().contains("No reports yet"), "the empty state");

    HttpResponse<String> uplot = get("/uplot/uPlot.iife.min.js");
    assertEquals(200, uplot.statusCode());
    assertTrue(uplot.body().contains("uPlot"));
    assertEquals(200, get("/uplot/uPlot.min.css").statusCode());
    assertEquals(200, get("/app.css").statusCode());
    assertTrue(get("/app.js").body().contains("/api/state"));
  }

  @Test
  void unknownPathsAreA404() throws Exception {
    HttpResponse<String> missing = get("/nothing.js");
    assertEquals(404, missing.statusCode());
    assertTrue(missing.body().contains("/dynos/TYPE.N"));
  }

  @Test
  void theStateListsTypesAndChartsTheChosenOne() throws Exception {
    JsonNode empty = json(get("/api/state"));
    assertEquals(0, empty.get("types").size());
    assertTrue(empty.get("type").isNull());

    for (int second = 0; second < 3; second++) {
      accept("web.1", second, 100 * MB, 1000);
      accept("web.2", second, 300 * MB, 3000);
      accept("worker.1", second, 50 * MB, 10);
    }
    clock.set(T0.plusMillis(2500));

    JsonNode web = json(get("/api/state?type=web"));
    assertEquals("web", web.get("type").asText());
    assertEquals(2, web.get("types").size());
    JsonNode columns = web.get("columns");
    int last = columns.get("time").size() - 1;
    assertEquals(300.0, columns.get("heap_used_max").get(last).asDouble());
    assertEquals(200.0, columns.get("heap_used_avg").get(last).asDouble());
    assertEquals(
        4000 / MB,
        columns.get("alloc_max").get(last).asDouble()
            + columns.get("alloc_min").get(last).asDouble(),
        1e-4);
    assertTrue(columns.get("memory_quota").get(last).isNull(), "no limit reported: no quota line");
    // The process's resident memory beside the heap, and safepoint time beside GC pauses: the
    // dynos' 1 ms and 3 ms at safepoints per second add up to 4 ms/s, 0.2 % of their wall time.
    assertEquals(400.0, columns.get("resident_max").get(last).asDouble());
    assertEquals(800 / 3.0, columns.get("resident_avg").get(last).asDouble(), 1e-4);
    assertEquals(4.0, columns.get("safepoint_ms_per_s").get(last).asDouble(), 1e-9);
    assertEquals(0.2, columns.get("safepoint_percent").get(last).asDouble(), 1e-9);
    assertEquals(0.2, web.get("safepointPercentWindow").asDouble(), 1e-9);
    assertEquals(2.0, columns.get("pause_ms_per_s").get(last).asDouble(), 1e-9);
    assertEquals(0.1, web.get("pausePercentWindow").asDouble(), 1e-9);
    // Virtual threads: the busiest dyno's mounted, queued and carriers.
    assertEquals(6.0, columns.get("virtual_mounted_max").get(last).asDouble());
    assertEquals(300.0, columns.get("virtual_queued_max").get(last).asDouble());
    assertEquals(4.0, columns.get("carriers_max").get(last).asDouble());

    JsonNode worker = json(get("/api/state?type=worker"));
    assertEquals(50.0, worker.get("columns").get("heap_used_max").get(last).asDouble());
  }

  private void accept(String dyno, int second, double heap, double allocated) throws Exception {
    // Per dyno, from its heap: resident memory 4/3 of it, and stops of 1 ms per 100 MB per second
    // at safepoints, of which half in GC pauses; virtual threads 2 mounted and 100 queued per 100
    // MB.
    double hundreds = heap / (100 * MB);
    formation.accept(
        new Report(
            DynoName.parse(dyno),
            T0.plusMillis(second * 1000L + 100),
            Map.of(
                "jvm_memory_bytes_used.area_heap",
                heap,
                "process_resident_memory_bytes",
                heap * 4 / 3,
                "jvm_threads_virtual_mounted",
                2 * hundreds,
                "jvm_threads_virtual_queued",
                100 * hundreds,
                "jvm_threads_carrier_pool_size",
                4.0),
            Map.of(
                "jvm_memory_bytes_allocated", allocated,
                "jvm_safepoint_seconds_sum", 0.001 * hundreds,
                "jvm_gc_pause_seconds_sum", 0.0005 * hundreds)));
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(base + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    assertEquals(200, response.statusCode());
    return new ObjectMapper().readTree(response.body());
  }
}
