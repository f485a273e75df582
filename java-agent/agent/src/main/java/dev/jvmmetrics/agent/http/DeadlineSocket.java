package dev.jvmmetrics.agent.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * A TCP socket whose every read ends by one deadline, however the server trickles its bytes.
 *
 * <p>{@code SO_TIMEOUT} bounds a single read, so a server that sends one byte just before each
 * timeout could keep a plain socket reading for ever. Here each read waits in short slices and
 * gives up once the deadline has passed, whatever arrived meanwhile. The deadline can be brought
 * forward while a read is waiting (the shutdown report does so), and takes effect within one slice.
 *
 * <p>Past the deadline a read still returns bytes that have already arrived, for one slice at most,
 * without waiting for more: on a busy machine this thread may run again only after its deadline,
 * with the server's answer sitting in the socket. Throwing that answer away would make the agent
 * send the report again, and the endpoint count it twice.
 *
 * <p>TLS is layered on top of this socket ({@code SSLSocketFactory.createSocket(socket, ...)}), and
 * the TLS layer reads the network through {@link #getInputStream()}, so the handshake is bounded by
 * the same deadline.
 */
final class DeadlineSocket extends Socket {
  /** How often a waiting read looks at the deadline again. */
  static final int SLICE_MILLIS = 50;

  private volatile long deadlineNanos;
  private InputStream input;

  /** Whether a read has found the deadline passed, and since when. */
  private boolean overdue;

  private long overdueSinceNanos;

  DeadlineSocket(long deadlineNanos) {
    // The agent always connects straight to the endpoint, never through a proxy: NO_PROXY keeps
    // the connect off the JDK's proxy selector, which would otherwise load its machinery (about
    // nine classes) only to answer "direct".
    super(Proxy.NO_PROXY);
    this.deadlineNanos = deadlineNanos;
  }

  /** Sets the time by which every read and the connect must be over. */
  void deadline(long nanos) {
    deadlineNanos = nanos;
    overdue = false;
  }

  /** Brings the deadline forward to {@code nanos} if that is sooner; never postpones it. */
  void cutOff(long nanos) {
    if (nanos - deadlineNanos < 0) {
      deadlineNanos = nanos;
    }
  }

  /** Milliseconds left before the deadline; zero or less once it has passed. */
  long millisLeft() {
    long left = deadlineNanos - System.nanoTime();
    return left <= 0 ? 0 : Math.max(1, left / 1_000_000L);
  }

  /** Connects within the time left. */
  void connect(InetSocketAddress address) throws IOException {
    long left = millisLeft();
    if (left <= 0) {
      throw new SocketTimeoutException("no time left to connect");
    }
    // A connect timeout of 0 would mean "wait for ever"; left is at least 1 here.
    connect(address, (int) Math.min(Integer.MAX_VALUE, left));
  }

  /**
   * Whether this idle connection is still open and quiet: the server has neither closed it nor sent
   * anything unasked. Waits a millisecond for that, reading the socket's own bytes below any TLS:
   * on an idle TLS connection any byte at all (a close_notify, say) means it is done, so consuming
   * it does no harm. One timed-out read, so one exception, per check: the cheapest way the socket
   * API offers to ask, cheaper than a read through the TLS layer (docs/performance.md).
   */
  boolean quietAndOpen() {
    try {
      setSoTimeout(1);
      super.getInputStream().read();
      return false; // End of stream: closed. A byte: something unasked. Either way, not reused.
    } catch (SocketTimeoutException e) {
      return true; // Nothing to read: still open. A timed-out read leaves the socket usable.
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public synchronized InputStream getInputStream() throws IOException {
    if (input == null) {
      input = new Bounded(super.getInputStream());
    }
    return input;
  }

  /** The socket's input, read in deadline-checked slices. */
  private final class Bounded extends FilterInputStream {
    Bounded(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      while (true) {
        long left = millisLeft();
        if (left <= 0) {
          return readWhatHasArrived(buffer, offset, length);
        }
        setSoTimeout((int) Math.min(left, SLICE_MILLIS));
        try {
          return in.read(buffer, offset, length);
        } catch (SocketTimeoutException e) {
          // One slice is over and the socket is still usable; look at the deadline again.
        }
      }
    }

    /** Past the deadline: what is already in the socket, for one slice at most; never waits. */
    private int readWhatHasArrived(byte[] buffer, int offset, int length) throws IOException {
      long now = System.nanoTime();
      if (!overdue) {
        overdue = true;
        overdueSinceNanos = now;
      }
      int arrived = in.available();
      if (arrived <= 0 || now - overdueSinceNanos > SLICE_MILLIS * 1_000_000L) {
        throw new SocketTimeoutException("the server did not answer within the time limit");
      }
      // Bytes are waiting, so this read returns at once; the timeout only guards the unexpected.
      setSoTimeout(1);
      return in.read(buffer, offset, Math.min(length, arrived));
    }

    @Override
    public long skip(long n) throws IOException {
      byte[] scratch = new byte[(int) Math.min(n, 512)];
      int read = read(scratch, 0, scratch.length);
      return Math.max(0, read);
    }
  }
}
