package dev.jvmmetrics.testing;

import dev.jvmmetrics.testing.LoopbackEndpoint.Outcome;
import dev.jvmmetrics.testing.LoopbackEndpoint.Request;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Carries out one {@link Answer} on a {@link LoopbackEndpoint} connection and records the outcome.
 */
final class Responder {
  /** How long a hanging answer holds on, at most. */
  private static final long HANG_LIMIT_MILLIS = 60_000;

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final Request request;

  Responder(Socket socket, InputStream in, OutputStream out, Request request) {
    this.socket = socket;
    this.in = in;
    this.out = out;
    this.request = request;
  }

  /**
   * @return whether the connection may carry another request
   */
  boolean respond(Answer answer) throws IOException {
    switch (answer.kind) {
      case RESPOND:
        send(head(answer) + body(answer));
        request.outcome =
            answer.status >= 200 && answer.status < 300 ? Outcome.COMMITTED : Outcome.ANSWERED;
        return !answer.closeAfter && !"close".equalsIgnoreCase(answer.headers.get("Connection"));
      case HANG:
        abandonIfClientLeaves(HANG_LIMIT_MILLIS);
        return false;
      case SLOW:
        if (abandonIfClientLeaves(answer.delayMillis)) {
          return false;
        }
        return respond(Answer.ok());
      case DRIP:
        drip(answer.delayMillis);
        return false;
      case RESET_IN_HEAD:
        send("HTTP/1.1 20");
        reset();
        request.outcome = Outcome.BROKEN;
        return false;
      case RESET_IN_BODY:
        send("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial");
        request.outcome = Outcome.COMMITTED; // The whole head, so the client knows it got through.
        reset();
        return false;
      case GARBAGE:
        send("SSH-2.0-OpenSSH_9.2p1\r\n\u0000\u00ff\u00fe garbage \r\n\r\n");
        request.outcome = Outcome.BROKEN;
        return false;
      case CLOSE:
        request.outcome = Outcome.BROKEN;
        return false;
      default:
        throw new IllegalStateException(answer.kind.toString());
    }
  }

  static String head(Answer answer) {
    StringBuilder head = new StringBuilder("HTTP/1.1 " + answer.status + " Scripted\r\n");
    for (Map.Entry<String, String> header : answer.headers.entrySet()) {
      head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
    }
    if (answer.chunked) {
      head.append("Transfer-Encoding: chunked\r\n");
    } else {
      head.append("Content-Length: ").append(answer.body.length()).append("\r\n");
    }
    return head.append("\r\n").toString();
  }

  private static String body(Answer answer) {
    if (!answer.chunked) {
      return answer.body;
    }
    StringBuilder chunks = new StringBuilder();
    for (int at = 0; at < answer.body.length(); at += 3) {
      String chunk = answer.body.substring(at, Math.min(answer.body.length(), at + 3));
      chunks.append(Integer.toHexString(chunk.length())).append(";ext=1\r\n");
      chunks.append(chunk).append("\r\n");
    }
    return chunks.append("0\r\nTrailer: x\r\n\r\n").toString();
  }

  private void send(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    request.answeredNanos = System.nanoTime();
  }

  private boolean abandonIfClientLeaves(long millis) {
    if (LoopbackEndpoint.clientLeavesWithin(socket, in, millis)) {
      clientGone();
      return true;
    }
    return false;
  }

  /**
   * A 200 that trickles out a byte at a time, with a body long enough to take 200 steps: a client
   * bounded per read, not per request, would sit through all of it. As everywhere, the request
   * commits once its whole head is out.
   */
  private void drip(long millisPerByte) throws IOException {
    String head = "HTTP/1.1 200 OK\r\nContent-Length: 200\r\n\r\n";
    String response = head + "x".repeat(200);
    for (int i = 0; i < response.length(); i++) {
      if (i == head.length()) {
        request.answeredNanos = System.nanoTime();
        request.outcome = Outcome.COMMITTED;
      }
      try {
        out.write(response.charAt(i));
        out.flush();
      } catch (IOException e) {
        clientGone();
        return;
      }
      if (LoopbackEndpoint.clientLeavesWithin(socket, in, millisPerByte)) {
        clientGone();
        return;
      }
    }
  }

  private void clientGone() {
    request.clientGoneNanos = System.nanoTime();
    if (request.outcome == Outcome.PENDING) {
      request.outcome = Outcome.ABANDONED;
    }
  }

  private void reset() throws IOException {
    try {
      Thread.sleep(30); // Let the client read what was sent before the reset arrives.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    socket.setSoLinger(true, 0);
    socket.close();
  }
}
