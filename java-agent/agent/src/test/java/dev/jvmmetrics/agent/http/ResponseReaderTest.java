package dev.jvmmetrics.agent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** HTTP/1.x response framing, from bytes. */
class ResponseReaderTest {
  private final ResponseReader reader = new ResponseReader();

  private static InputStream bytes(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Reads the head and drains the body; returns whether the connection may be reused. */
  private boolean read(String response) throws IOException {
    reader.readHead(bytes(response));
    return reader.drainBody();
  }

  @Test
  void readsStatusRetryAfterAndKeepAlive() throws Exception {
    assertTrue(
        read(
            "HTTP/1.1 429 Too Many Requests\r\nRetry-After:  7 \r\nKeep-Alive: timeout=15, max=9\r\n"
                + "Content-Length: 2\r\n\r\nno"));
    assertEquals(429, reader.status());
    assertEquals("7", reader.retryAfter());
    assertEquals(15_000, reader.keepAliveTimeoutMillis());
  }

  @Test
  void aStatusLineWithoutReasonAndBareLineFeedsIsFine() throws Exception {
    assertTrue(read("HTTP/1.1 202\nContent-Length: 0\n\n"));
    assertEquals(202, reader.status());
    assertNull(reader.retryAfter());
    assertEquals(-1, reader.keepAliveTimeoutMillis());
  }

  @Test
  void skipsInterimResponses() throws Exception {
    assertTrue(
        read(
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Hints\r\nLink: x\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
    assertEquals(200, reader.status());
  }

  @Test
  void drainsAChunkedBodyWithExtensionsAndTrailers() throws Exception {
    assertTrue(
        read(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
                + "5;name=value\r\nhello\r\nA\r\n0123456789\r\n0\r\nDigest: x\r\n\r\n"));
  }

  @Test
  void bodilessStatusesIgnoreTheirLengthHeader() throws Exception {
    assertTrue(read("HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
        "HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n",
        "HTTP/1.1 200 OK\r\n\r\nread until the connection closes",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nxx",
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA",
        "HTTP/1.1 200 OK\r\nContent-Length: 70000\r\n\r\n"
      })
  void connectionsThatCannotCarryAnotherRequestAreNotReused(String response) throws Exception {
    assertFalse(read(response));
    assertEquals(200, reader.status());
  }

  @Test
  void aChunkedBodyOverTheLimitIsNotReused() throws Exception {
    String chunk = Integer.toHexString(ResponseReader.MAX_BODY_BYTES + 1);
    assertFalse(read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk + "\r\n"));
  }

  @Test
  void notHttpFailsOnTheFirstWrongByteWithoutReadingFurther() {
    InputStream neverEnding =
        new SequenceInputStream(
            bytes("SSH-2"),
            new InputStream() {
              @Override
              public int read() {
                throw new AssertionError("read past the first bytes of garbage");
              }
            });
    assertThrows(ProtocolException.class, () -> reader.readHead(neverEnding));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "HTTP/1.1 2x0 OK\r\n\r\n",
        "HTTP/1.1 20\r\n\r\n",
        "HTTP/2 200\r\n\r\n",
        "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok",
        "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
        "HTTP/1.1 101 Switching Protocols\r\n\r\n"
      })
  void malformedResponsesAreProtocolErrors(String response) {
    assertThrows(ProtocolException.class, () -> read(response));
  }

  @Test
  void linesAndHeadersAreBounded() {
    String longLine =
        "HTTP/1.1 200 OK\r\nX: " + "a".repeat(ResponseReader.MAX_LINE_BYTES) + "\r\n\r\n";
    assertThrows(ProtocolException.class, () -> read(longLine));
    String manyHeaders =
        "HTTP/1.1 200 OK\r\n" + "X: y\r\n".repeat(ResponseReader.MAX_HEADER_LINES + 1) + "\r\n";
    assertThrows(ProtocolException.class, () -> read(manyHeaders));
  }

  @Test
  void aResponseCutShortIsAnEndOfStream() {
    assertThrows(EOFException.class, () -> read("HTTP/1.1 200 OK\r\nContent-Le"));
    assertThrows(
        EOFException.class, () -> read("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nshort"));
  }
}
