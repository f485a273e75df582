package dev.jvmmetrics.preview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The preview as it really runs ({@link PreviewMain} in a JVM of its own, so the JDK server's
 * limits are read as they are at start-up), under clients that stall and pages that come through
 * another name. Every wait is on a real answer, with bounds meant for a loaded machine.
 */
class HostileClientsTest {
  private static final String REPORT =
      "{\"counters\":{\"jvm_memory_bytes_allocated\":1024},\"gauges\":{\"jvm_threads_current\":9}}";

  /** How long a real request may take while stalled clients are connected: generous. */
  private static final int ANSWER_MILLIS = 30_000;

  @TempDir static Path dir;
  private static Process preview;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    Path portFile = dir.resolve("port");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    preview =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                PreviewMain.class.getName(),
                "--port",
                "0",
                "--port-file",
                portFile.toString(),
                "--period",
                "1s",
                "--summary-every",
                "0",
                "--stop-after",
                "600s")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("preview.log").toFile())
            .start();
    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(portFile)) {
      assertTrue(preview.isAlive(), "the preview exited: " + Files.readString(log()));
      assertTrue(System.nanoTime() - giveUp < 0, "no port file: " + Files.readString(log()));
      Thread.sleep(50);
    }
    port = Integer.parseInt(Files.readString(portFile).trim());
  }

  @AfterAll
  static void stop() throws Exception {
    if (preview != null) {
      preview.destroy();
      if (!preview.waitFor(10, TimeUnit.SECONDS)) {
        preview.destroyForcibly();
      }
    }
  }

  private static Path log() {
    return dir.resolve("preview.log");
  }

  @Test
  void stalledClientsHoldUpNeitherReportsNorThePage() throws Exception {
    List<Socket> stalled = new ArrayList<>();
    try {
      // More stalled clients than the four threads the preview used to have: some connect and
      // say nothing, some send half a request head and then nothing more.
      for (int i = 0; i < 4; i++) {
        stalled.add(connect());
      }
      for (int i = 0; i < 8; i++) {
        Socket socket = connect();
        socket
            .getOutputStream()
            .write("POST /dynos/web.9 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le".getBytes());
        socket.getOutputStream().flush();
        stalled.add(socket);
      }

      assertEquals(200, report("127.0.0.1:" + port, "web.1").status);
      assertEquals(200, get("127.0.0.1:" + port, "/").status);
      assertEquals(200, get("127.0.0.1:" + port, "/api/state").status);
    } finally {
      for (Socket socket : stalled) {
        socket.close();
      }
    }
  }

  @Test
  void aClientThatStallsMidRequestIsCutOff() throws Exception {
    try (Socket socket = connect()) {
      socket.getOutputStream().write("GET /api/state HTTP/1.1\r\nHo".getBytes());
      socket.getOutputStream().flush();
      // The server closes it after its request time limit (10 s); a client the server never
      // closed would hold a thread for as long as it likes.
      socket.setSoTimeout(60_000);
      try {
        assertEquals(-1, socket.getInputStream().read(), "the server answered a half request");
      } catch (SocketTimeoutException e) {
        throw new AssertionError("the server kept a stalled request open for 60 s", e);
      } catch (IOException e) {
        // Reset rather than closed: cut off all the same.
      }
    }
  }

  @Test
  void loopbackNamesAreServed() throws Exception {
    for (String host :
        List.of(
            "127.0.0.1:" + port, "localhost:" + port, "LOCALHOST", "127.0.0.1", "[::1]:" + port)) {
      assertEquals(200, get(host, "/").status, host);
      assertEquals(200, get(host, "/api/state").status, host);
      assertEquals(200, report(host, "web.2").status, host);
    }
  }

  @Test
  void anyOtherNameIsRefusedWithOneLineLikeAReboundPage() throws Exception {
    for (String host :
        List.of(
            "attacker.example",
            "attacker.example:" + port,
            "127.0.0.1.attacker.example",
            "localhost.attacker.example:" + port,
            "127.0.0.1:" + port + "@attacker.example",
            "")) {
      for (Answer answer :
          List.of(get(host, "/"), get(host, "/api/state"), report(host, "web.3"))) {
        assertEquals(403, answer.status, host + ": " + answer.body);
        assertTrue(
            answer.body.endsWith(
                "is not this preview: open it as http://127.0.0.1:"
                    + port
                    + "/ (or localhost), never through another name\n"),
            answer.body);
        assertEquals(1, answer.body.split("\n").length, answer.body);
      }
    }
    Answer noHost = send(null, "GET /api/state HTTP/1.0\r\n\r\n");
    assertEquals(403, noHost.status, noHost.body);
    assertTrue(noHost.body.startsWith("no Host header is not this preview"), noHost.body);
    // A refused report was never taken in.
    assertFalse(get("127.0.0.1:" + port, "/api/state").body.contains("web.3"));
  }

  private record Answer(int status, String body) {}

  private static Socket connect() throws IOException {
    return new Socket(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port);
  }

  private static Answer get(String host, String path) throws IOException {
    return send(
        host, "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
  }

  private static Answer report(String host, String dyno) throws IOException {
    byte[] body = REPORT.getBytes(StandardCharsets.UTF_8);
    return send(
        host,
        "POST /dynos/"
            + dyno
            + " HTTP/1.1\r\nHost: "
            + host
            + "\r\nContent-Type: application/json\r\nMeasurements-Time: "
            + Instant.now()
            + "\r\nContent-Length: "
            + body.length
            + "\r\nConnection: close\r\n\r\n"
            + REPORT);
  }

  /**
   * One request on a connection of its own, and the whole answer, within {@link #ANSWER_MILLIS}.
   */
  private static Answer send(String host, String request) throws IOException {
    try (Socket socket = connect()) {
      socket.setSoTimeout(ANSWER_MILLIS);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream whole = new ByteArrayOutputStream();
      in.transferTo(whole);
      String text = whole.toString(StandardCharsets.UTF_8);
      int headEnd = text.indexOf("\r\n\r\n");
      assertTrue(headEnd > 0, "no HTTP answer for Host " + host + ": " + text);
      int status = Integer.parseInt(text.substring(9, 12));
      return new Answer(status, text.substring(headEnd + 4));
    }
  }
}
