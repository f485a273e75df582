package dev.jvmmetrics.agent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The deadline on reads, past it included, against a loopback server. */
class DeadlineSocketTest {
  private static final long MILLIS = 1_000_000L;

  /** A connected client with {@code deadlineMillis} to go, and the server's side of it. */
  private static final class Pair implements AutoCloseable {
    final ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    final DeadlineSocket client;
    final Socket accepted;

    Pair(long deadlineMillis) throws Exception {
      client = new DeadlineSocket(System.nanoTime() + deadlineMillis * MILLIS);
      client.connect(new InetSocketAddress(server.getInetAddress(), server.getLocalPort()));
      accepted = server.accept();
    }

    @Override
    public void close() throws Exception {
      client.close();
      accepted.close();
      server.close();
    }
  }

  /**
   * How long a read past its deadline may take on a loaded machine. The promise is "without waiting
   * for the server" (a slice at most); a read that did wait would wait as long as the server holds
   * back, which in these tests is for ever, so a generous bound still tells the two apart.
   */
  private static final long PAST_DEADLINE_BOUND_MILLIS = 2_000;

  /** Returns once the socket's deadline has passed, as a reporter starved of CPU finds it. */
  private static void waitPastDeadline(DeadlineSocket socket) throws InterruptedException {
    while (socket.millisLeft() > 0) {
      Thread.sleep(5);
    }
  }

  @Test
  void anAnswerThatArrivedInTimeIsReadEvenIfTheReaderComesLate() throws Exception {
    try (Pair pair = new Pair(200)) {
      OutputStream out = pair.accepted.getOutputStream();
      out.write("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // The reading thread runs again only after its deadline, as on a busy machine.
      waitPastDeadline(pair.client);

      InputStream in = pair.client.getInputStream();
      byte[] buffer = new byte[64];
      int n = 0;
      while (n < 17) {
        n += in.read(buffer, n, buffer.length - n);
      }
      assertEquals("HTTP/1.1 200 OK\r\n", new String(buffer, 0, n, StandardCharsets.US_ASCII));

      // Nothing more has arrived: past the deadline that fails at once, without waiting.
      long before = System.nanoTime();
      assertThrows(SocketTimeoutException.class, () -> in.read(buffer, 0, buffer.length));
      long took = (System.nanoTime() - before) / MILLIS;
      assertTrue(took < PAST_DEADLINE_BOUND_MILLIS, "waited " + took + " ms past the deadline");
    }
  }

  @Test
  void pastTheDeadlineBytesStillTricklingInAreReadForOneSliceAtMost() throws Exception {
    try (Pair pair = new Pair(50)) {
      OutputStream out = pair.accepted.getOutputStream();
      InputStream in = pair.client.getInputStream();
      waitPastDeadline(pair.client);
      long overdueFrom = System.nanoTime();
      SocketTimeoutException stopped = null;
      int bytes = 0;
      // The trickle would go on for 30 s; the read must stop it long before.
      while (stopped == null && System.nanoTime() - overdueFrom < 30_000 * MILLIS) {
        out.write('x'); // One byte at a time, each before the next read.
        out.flush();
        Thread.sleep(2);
        try {
          bytes += Math.max(0, in.read(new byte[8], 0, 8));
        } catch (SocketTimeoutException e) {
          stopped = e;
        }
      }
      long overdueMillis = (System.nanoTime() - overdueFrom) / MILLIS;
      assertTrue(stopped != null, "a trickle kept the read going for " + overdueMillis + " ms");
      assertTrue(bytes > 0, "bytes that had arrived were not read");
      assertTrue(
          overdueMillis < PAST_DEADLINE_BOUND_MILLIS, overdueMillis + " ms past the deadline");
    }
  }

  @Test
  void aNewDeadlineStartsAfresh() throws Exception {
    try (Pair pair = new Pair(20)) {
      waitPastDeadline(pair.client);
      InputStream in = pair.client.getInputStream();
      assertThrows(SocketTimeoutException.class, () -> in.read(new byte[8], 0, 8));

      // The next request on this connection gets its own deadline, and its own grace after it.
      pair.client.deadline(System.nanoTime() + 20 * MILLIS);
      pair.accepted.getOutputStream().write('y');
      pair.accepted.getOutputStream().flush();
      waitPastDeadline(pair.client);
      assertEquals('y', in.read());
    }
  }
}
