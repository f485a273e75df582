package dev.jvmmetrics.agent.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.jvmmetrics.agent.Endpoint;
import dev.jvmmetrics.testing.LoopbackEndpoint;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A destination's own request format: the OTLP one's content type, headers and gzip. */
class RequestFormatTest {
  private final LoopbackEndpoint server = newServer();
  private HttpSender sender;

  private static LoopbackEndpoint newServer() {
    try {
      return new LoopbackEndpoint();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @AfterEach
  void close() throws IOException {
    if (sender != null) {
      sender.close();
    }
    server.close();
  }

  private HttpSender otlpSender(boolean gzip) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("api-key", "s3cret value");
    headers.put("X-Tenant", "a,b=c");
    return new HttpSender(
        Endpoint.parse(server.url("/v1/metrics")),
        "jvm-metrics-agent/test",
        null,
        new RequestFormat("application/x-protobuf", headers, gzip, false));
  }

  private static long deadline() {
    return System.nanoTime() + 10_000_000_000L;
  }

  @Test
  void sendsItsContentTypeAndHeadersAndNoneOfHerokus() throws Exception {
    sender = otlpSender(false);
    byte[] body = {0x0a, 0x00, (byte) 0xff, 0x12};
    assertEquals(200, sender.post(body, body.length, "2026-12-06T10:00:00Z", deadline()).status);

    LoopbackEndpoint.Request request = server.requests().get(0);
    assertEquals("/v1/metrics", request.target);
    assertEquals("application/x-protobuf", request.headers.get("content-type"));
    assertEquals("s3cret value", request.headers.get("api-key"));
    assertEquals("a,b=c", request.headers.get("x-tenant"));
    assertFalse(request.headers.containsKey("measurements-count"));
    assertFalse(request.headers.containsKey("measurements-time"));
    assertFalse(request.headers.containsKey("content-encoding"));
    assertArrayEquals(body, request.bytes);
  }

  @Test
  void gzipsEachBodyWithOneCompressorReused() throws Exception {
    sender = otlpSender(true);
    Random random = new Random(16);
    for (int size : new int[] {0, 1, 3000, 200_000, 17}) {
      byte[] body = new byte[size + 5];
      for (int i = 0; i < size; i++) {
        body[i] = (byte) (random.nextInt(4) == 0 ? random.nextInt() : 'a');
      }
      assertEquals(200, sender.post(body, size, "unused", deadline()).status);
      LoopbackEndpoint.Request request = server.requests().get(server.requests().size() - 1);
      assertEquals("gzip", request.headers.get("content-encoding"));
      assertEquals(String.valueOf(request.bytes.length), request.headers.get("content-length"));
      byte[] expected = new byte[size];
      System.arraycopy(body, 0, expected, 0, size);
      assertArrayEquals(expected, gunzip(request.bytes), "body of " + size + " bytes");
    }
  }

  private static byte[] gunzip(byte[] compressed) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      int read;
      while ((read = in.read(buffer)) > 0) {
        out.write(buffer, 0, read);
      }
      return out.toByteArray();
    }
  }
}
