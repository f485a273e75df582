package dev.jvmmetrics.preview.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Serves the page and its files from the jar: {@code /}, {@code /app.js}, {@code /app.css}, and
 * uPlot's script and style from its WebJar. Everything is read once at start-up, so a jar missing a
 * file fails at once rather than on the first visit; nothing comes from the network.
 */
public final class PageHandler implements HttpHandler {
  private static final String OWN = "/dev/jvmmetrics/preview/web/";

  private record Asset(String contentType, byte[] bytes) {}

  private final Map<String, Asset> assets = new HashMap<>();

  public PageHandler() {
    String uplot = "/META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";
    add("/", OWN + "index.html", "text/html; charset=utf-8");
    add("/app.js", OWN + "app.js", "text/javascript; charset=utf-8");
    add("/app.css", OWN + "app.css", "text/css; charset=utf-8");
    add("/uplot/uPlot.iife.min.js", uplot + "uPlot.iife.min.js", "text/javascript; charset=utf-8");
    add("/uplot/uPlot.min.css", uplot + "uPlot.min.css", "text/css; charset=utf-8");
  }

  /** Bytes of every file the page loads, to state the page's size. */
  public long totalBytes() {
    return assets.values().stream().mapToLong(a -> a.bytes().length).sum();
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Asset asset = assets.get(exchange.getRequestURI().getPath());
      if (asset == null) {
        text(exchange, 404, "nothing here: the page is at /, reports go to /dynos/TYPE.N");
        return;
      }
      if (!exchange.getRequestMethod().equals("GET")
          && !exchange.getRequestMethod().equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        text(exchange, 405, "only GET is served here");
        return;
      }
      exchange.getResponseHeaders().set("Content-Type", asset.contentType());
      boolean head = exchange.getRequestMethod().equals("HEAD");
      exchange.sendResponseHeaders(200, head ? -1 : asset.bytes().length);
      if (!head) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(asset.bytes());
        }
      }
    } catch (IOException e) {
      // The browser went away mid-answer: nothing to do.
    }
  }

  static void text(HttpExchange exchange, int status, String line) throws IOException {
    byte[] body = (line + "\n").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private void add(String path, String resource, String contentType) {
    try (InputStream in = PageHandler.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("the preview jar lacks " + resource + ": rebuild it");
      }
      assets.put(path, new Asset(contentType, in.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String uplotVersion() {
    Properties properties = new Properties();
    try (InputStream in =
        PageHandler.class.getResourceAsStream("/dev/jvmmetrics/preview/preview.properties")) {
      if (in == null) {
        throw new IllegalStateException("the preview jar lacks preview.properties: rebuild it");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties.getProperty("uplot.version");
  }
}
