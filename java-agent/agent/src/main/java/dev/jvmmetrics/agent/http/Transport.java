package dev.jvmmetrics.agent.http;

import java.io.IOException;

/** Delivers one report body; {@link HttpSender} over HTTP, a fake in tests. */
public interface Transport {
  /**
   * Sends the first {@code length} bytes of {@code body}, giving up at {@code deadlineNanos} (a
   * {@link System#nanoTime()} value).
   *
   * @return the endpoint's answer
   * @throws IOException when no answer came: refused, reset, timed out, or not HTTP
   */
  Response post(byte[] body, int length, String measurementsTime, long deadlineNanos)
      throws IOException;

  /**
   * Makes a request in flight on another thread, and every later one, end by {@code deadlineNanos}.
   * Called once, at shutdown.
   */
  default void cutOff(long deadlineNanos) {}

  /** The endpoint's answer to one report. */
  final class Response {
    public final int status;

    /** The raw {@code Retry-After} header, or {@code null}. */
    public final String retryAfter;

    /** The start of the answer's body (at most 2 KiB); empty when there was none or it was lost. */
    public final byte[] body;

    public Response(int status, String retryAfter) {
      this(status, retryAfter, new byte[0]);
    }

    public Response(int status, String retryAfter, byte[] body) {
      this.status = status;
      this.retryAfter = retryAfter;
      this.body = body;
    }
  }
}
