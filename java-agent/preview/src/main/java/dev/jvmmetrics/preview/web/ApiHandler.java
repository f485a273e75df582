package dev.jvmmetrics.preview.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.jvmmetrics.preview.aggregate.Formation;
import dev.jvmmetrics.preview.aggregate.PeriodStats;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/state?type=web}: what the page draws, as JSON: the period, the window, every
 * process type with its dynos, the URL to report to, and the chosen type's chart columns.
 */
public final class ApiHandler implements HttpHandler {
  public static final String PATH = "/api/state";

  private final Formation formation;
  private final String reportBaseUrl;
  private final ObjectMapper json = new ObjectMapper();

  public ApiHandler(Formation formation, String reportBaseUrl) {
    this.formation = formation;
    this.reportBaseUrl = reportBaseUrl;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("GET")) {
        exchange.getResponseHeaders().set("Allow", "GET");
        PageHandler.text(exchange, 405, "only GET is served here");
        return;
      }
      byte[] body = render(queryType(exchange.getRequestURI().getRawQuery()));
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    } catch (IOException e) {
      // The page went away (a reload, a closed tab): nothing to answer.
    }
  }

  /** The state as JSON bytes, for the chosen type (null: the first type). */
  public byte[] render(String requested) throws IOException {
    return json.writeValueAsBytes(state(requested));
  }

  Map<String, Object> state(String requested) {
    Map<String, Map<String, Boolean>> types = formation.types();
    String type =
        requested != null && types.containsKey(requested)
            ? requested
            : types.isEmpty() ? null : types.keySet().iterator().next();
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("periodSeconds", formation.periodMillis() / 1000.0);
    state.put("windowSeconds", formation.window().toSeconds());
    state.put("reportUrl", reportBaseUrl);
    List<Map<String, Object>> list = new ArrayList<>();
    types.forEach(
        (name, dynos) -> {
          Map<String, Object> entry = new LinkedHashMap<>();
          entry.put("name", name);
          entry.put("dynos", dynos);
          list.add(entry);
        });
    state.put("types", list);
    state.put("type", type);
    if (type != null) {
      List<PeriodStats> periods = formation.periods(type);
      state.put("pausePercentWindow", ChartData.pausePercent(periods));
      state.put("safepointPercentWindow", ChartData.safepointPercent(periods));
      state.put("columns", ChartData.columns(periods));
    }
    return state;
  }

  private static String queryType(String query) {
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      if (pair.startsWith("type=")) {
        return URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8);
      }
    }
    return null;
  }
}
