package dev.jvmmetrics.agent.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.util.Locale;

/**
 * Reads one HTTP/1.x response (RFC 9112): the status line, the few headers the agent cares about,
 * and then the body, which is read and thrown away so the connection can carry the next report.
 *
 * <p>The body's end is found from {@code Transfer-Encoding: chunked}, {@code Content-Length}, or
 * the connection closing. Interim {@code 1xx} responses are skipped. Anything that is not HTTP
 * fails fast with a {@link ProtocolException}. Limits keep a hostile or broken server from making
 * the agent read without end: a line of at most 8 KiB, at most 100 header lines, and at most 64 KiB
 * of body (beyond that the connection is closed instead of reused). The first 2 KiB of the body are
 * kept, for an OTLP receiver's partial-success answer.
 *
 * <p>One instance is reused for every response; not thread-safe.
 */
final class ResponseReader {
  static final int MAX_LINE_BYTES = 8 * 1024;
  static final int MAX_HEADER_LINES = 100;
  static final int MAX_BODY_BYTES = 64 * 1024;
  private static final int MAX_INTERIM_RESPONSES = 10;
  private static final String HTTP = "HTTP/";

  /** How much of a body is kept for the caller to read (an OTLP partial-success answer). */
  static final int KEPT_BODY_BYTES = 2048;

  private final byte[] buffer = new byte[8 * 1024];
  private final byte[] kept = new byte[KEPT_BODY_BYTES];
  private int keptLength;
  private final StringBuilder line = new StringBuilder(128);
  private InputStream in;
  private int position;
  private int limit;

  // What the last response said.
  private int status;
  private String retryAfter;
  private boolean keepAlive;
  private long keepAliveTimeoutMillis;
  private boolean chunked;
  private long contentLength;

  /**
   * Reads the status line and headers of the answer on {@code in}, skipping interim responses.
   *
   * @throws IOException when the answer is cut off, too large, or not HTTP at all
   */
  void readHead(InputStream stream) throws IOException {
    in = stream;
    position = 0;
    limit = 0;
    for (int interim = 0; ; interim++) {
      readOneHead();
      if (status >= 200) {
        return;
      }
      if (status == 101 || interim == MAX_INTERIM_RESPONSES) {
        throw new ProtocolException("unexpected interim response " + status);
      }
    }
  }

  int status() {
    return status;
  }

  /** The raw {@code Retry-After} value, or {@code null}. */
  String retryAfter() {
    return retryAfter;
  }

  /**
   * How long the server says it keeps an idle connection ({@code Keep-Alive: timeout=N}), or -1.
   */
  long keepAliveTimeoutMillis() {
    return keepAliveTimeoutMillis;
  }

  /**
   * Reads the body to its end and drops it.
   *
   * @return whether the connection may carry another request: the server did not ask to close it,
   *     the body's end was found within the limit, and nothing followed it
   */
  boolean drainBody() throws IOException {
    boolean bodyless = status == 204 || status == 304;
    if (bodyless) {
      // No body by definition, whatever the headers say.
    } else if (chunked) {
      if (!drainChunks()) {
        return false;
      }
    } else if (contentLength >= 0) {
      if (contentLength > MAX_BODY_BYTES) {
        return false;
      }
      skipExactly(contentLength);
    } else {
      // Delimited by the connection closing: read up to the limit, never reuse.
      long total = limit - position;
      keep(position, limit - position);
      position = limit;
      while (total <= MAX_BODY_BYTES && fill()) {
        total += limit;
        keep(0, limit);
        position = limit;
      }
      return false;
    }
    return keepAlive && position == limit;
  }

  /** The start of the last body drained, at most {@link #KEPT_BODY_BYTES}; a copy. */
  byte[] keptBody() {
    byte[] copy = new byte[keptLength];
    System.arraycopy(kept, 0, copy, 0, keptLength);
    return copy;
  }

  private void keep(int from, int count) {
    int step = Math.min(count, KEPT_BODY_BYTES - keptLength);
    if (step > 0) {
      System.arraycopy(buffer, from, kept, keptLength, step);
      keptLength += step;
    }
  }

  private void readOneHead() throws IOException {
    keptLength = 0;
    readStatusLine();
    retryAfter = null;
    keepAliveTimeoutMillis = -1;
    chunked = false;
    contentLength = -1;
    boolean closeRequested = false;
    int lines = 0;
    while (readLine(false).length() > 0) {
      if (++lines > MAX_HEADER_LINES) {
        throw new ProtocolException("more than " + MAX_HEADER_LINES + " header lines");
      }
      int colon = line.indexOf(":");
      if (colon <= 0) {
        if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
          continue; // An obsolete folded continuation of a header the agent does not read.
        }
        throw new ProtocolException("malformed header line");
      }
      String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      switch (name) {
        case "retry-after":
          retryAfter = value;
          break;
        case "connection":
          closeRequested |= value.toLowerCase(Locale.ROOT).contains("close");
          break;
        case "keep-alive":
          keepAliveTimeoutMillis = HeaderValues.keepAliveTimeoutMillis(value);
          break;
        case "transfer-encoding":
          chunked = value.toLowerCase(Locale.ROOT).endsWith("chunked");
          closeRequested |= !chunked; // Another coding: the body ends when the connection does.
          break;
        case "content-length":
          long length = HeaderValues.contentLength(value);
          if (contentLength >= 0 && contentLength != length) {
            throw new ProtocolException("conflicting Content-Length headers");
          }
          contentLength = length;
          break;
        default:
          break;
      }
    }
    keepAlive = keepAlive && !closeRequested;
  }

  /** Reads {@code HTTP/1.x NNN reason}; fails on the first byte that cannot be HTTP. */
  private void readStatusLine() throws IOException {
    readLine(true);
    if (line.length() < 12
        || line.charAt(5) != '1'
        || line.charAt(6) != '.'
        || !Character.isDigit(line.charAt(7))
        || line.charAt(8) != ' '
        || (line.length() > 12 && line.charAt(12) != ' ')) {
      throw new ProtocolException("not an HTTP/1.x status line");
    }
    int code = 0;
    for (int i = 9; i < 12; i++) {
      char c = line.charAt(i);
      if (c < '0' || c > '9') {
        throw new ProtocolException("not an HTTP status code");
      }
      code = code * 10 + (c - '0');
    }
    if (code < 100) {
      throw new ProtocolException("not an HTTP status code");
    }
    status = code;
    // HTTP/1.1 keeps the connection by default; HTTP/1.0 closes it.
    keepAlive = line.charAt(7) == '1';
  }

  /** Reads one line into {@link #line} without its CRLF (or bare LF). */
  private StringBuilder readLine(boolean statusLine) throws IOException {
    line.setLength(0);
    while (true) {
      if (position == limit && !fill()) {
        throw new EOFException("the server closed the connection mid-answer");
      }
      int c = buffer[position++] & 0xff;
      if (c == '\n') {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
          line.setLength(end - 1);
        }
        return line;
      }
      line.append((char) c);
      int n = line.length();
      if (statusLine && n <= HTTP.length() && HTTP.charAt(n - 1) != c) {
        throw new ProtocolException("the answer is not HTTP");
      }
      if (n > MAX_LINE_BYTES) {
        throw new ProtocolException("a line longer than " + MAX_LINE_BYTES + " bytes");
      }
    }
  }

  /** Reads a chunked body; returns false (close, don't reuse) when it is over the limit. */
  private boolean drainChunks() throws IOException {
    long total = 0;
    while (true) {
      readLine(false);
      long size = parseChunkSize();
      if (size == 0) {
        break;
      }
      total += size;
      if (total > MAX_BODY_BYTES) {
        return false;
      }
      skipExactly(size);
      if (readLine(false).length() != 0) {
        throw new ProtocolException("chunk data longer than its size");
      }
    }
    for (int lines = 0; readLine(false).length() > 0; lines++) {
      if (lines > MAX_HEADER_LINES) {
        throw new ProtocolException("too many trailer lines");
      }
    }
    return true;
  }

  private long parseChunkSize() throws IOException {
    long size = 0;
    int digits = 0;
    for (int i = 0; i < line.length(); i++) {
      int digit = Character.digit(line.charAt(i), 16);
      if (digit < 0) {
        break; // A chunk extension (";name=value") or whitespace follows the size.
      }
      if (++digits > 12) {
        throw new ProtocolException("chunk size too large");
      }
      size = size * 16 + digit;
    }
    if (digits == 0) {
      throw new ProtocolException("malformed chunk size");
    }
    return size;
  }

  private void skipExactly(long count) throws IOException {
    long left = count;
    while (left > 0) {
      if (position == limit && !fill()) {
        throw new EOFException("the server closed the connection mid-body");
      }
      int step = (int) Math.min(left, limit - position);
      keep(position, step);
      position += step;
      left -= step;
    }
  }

  /** Reads more bytes into an empty buffer; false at the end of the stream. */
  private boolean fill() throws IOException {
    int n = in.read(buffer, 0, buffer.length);
    if (n <= 0) {
      return false;
    }
    position = 0;
    limit = n;
    return true;
  }
}
