package dev.jvmmetrics.preview.ingest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.jvmmetrics.preview.aggregate.Formation;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.BiConsumer;

/**
 * The per-dyno endpoint, {@code POST /dynos/web.1}, answering as Heroku's does: 200 for any
 * well-formed report; 400 with a one-line reason for a bad dyno name, a wrong {@code Content-Type},
 * a missing, stale or future {@code Measurements-Time}, or a body that is not a report; 405 for
 * another method; 413 for a body over 64 KB; 429 when the formation is full. It never lets an
 * exception out: anything unplanned is a 500 with one line.
 */
public final class IngestHandler implements HttpHandler {
  public static final String PATH = "/dynos/";
  static final int MAX_BODY_BYTES = 64 * 1024;

  private final ReportParser parser;
  private final MeasurementsTime times;
  private final Formation formation;
  private final BiConsumer<String, String> refused;

  /**
   * @param refused told each refused report's dyno (or path) and reason, for the terminal
   */
  public IngestHandler(
      ReportParser parser,
      MeasurementsTime times,
      Formation formation,
      BiConsumer<String, String> refused) {
    this.parser = parser;
    this.times = times;
    this.formation = formation;
    this.refused = refused;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String dyno = exchange.getRequestURI().getRawPath();
    try {
      try {
        if (dyno.startsWith(PATH)) {
          dyno = dyno.substring(PATH.length());
        }
        Report report = read(exchange, dyno);
        if (!formation.accept(report)) {
          throw BadReport.formationFull(formation.maxDynos());
        }
        answer(exchange, 200, "ok");
      } catch (BadReport bad) {
        refused.accept(DynoName.printable(dyno), bad.reason());
        if (bad.status() == 405) {
          exchange.getResponseHeaders().set("Allow", "POST");
        }
        answer(exchange, bad.status(), bad.reason());
      }
    } catch (IOException e) {
      // The sender went away mid-request: nothing to answer, nothing to record.
    } catch (RuntimeException | Error e) {
      refused.accept(DynoName.printable(dyno), "internal error: " + e);
      try {
        answer(exchange, 500, "the preview failed on this report: " + e.getClass().getSimpleName());
      } catch (IOException | RuntimeException ignored) {
        // The response may have started already; the exchange is closed below either way.
      }
    } finally {
      exchange.close();
    }
  }

  private Report read(HttpExchange exchange, String dyno) throws BadReport, IOException {
    if (!exchange.getRequestMethod().equals("POST")) {
      throw BadReport.methodNotAllowed(exchange.getRequestMethod());
    }
    DynoName name = DynoName.parse(dyno);
    checkContentType(exchange.getRequestHeaders().getFirst("Content-Type"));
    var time = times.check(exchange.getRequestHeaders().getFirst("Measurements-Time"));
    return parser.parse(name, time, body(exchange.getRequestBody()));
  }

  private static void checkContentType(String header) throws BadReport {
    String type = header == null ? "" : header.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!type.equals("application/json")) {
      throw BadReport.badRequest(
          (header == null
                  ? "the Content-Type header is missing"
                  : "Content-Type '" + DynoName.printable(header) + "' is not JSON")
              + ": send Content-Type: application/json");
    }
  }

  private static byte[] body(InputStream in) throws BadReport, IOException {
    byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
    if (bytes.length > MAX_BODY_BYTES) {
      throw BadReport.tooLarge(MAX_BODY_BYTES);
    }
    return Arrays.copyOf(bytes, bytes.length);
  }

  private static void answer(HttpExchange exchange, int status, String line) throws IOException {
    byte[] body = (line + "\n").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
