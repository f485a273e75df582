package dev.jvmmetrics.agent.report;

import java.nio.charset.StandardCharsets;

/**
 * Reads an OTLP receiver's {@code ExportMetricsServiceResponse}: on a 2xx it may say that part of
 * the export was rejected ({@code partial_success}: how many data points, and why). The export is
 * then spent all the same: the receiver has judged it, and sending it again would be rejected again
 * or count the accepted part twice. What it says is only logged.
 *
 * <p>Protobuf: field 1 {@code partial_success}, holding field 1 {@code rejected_data_points}
 * (int64) and field 2 {@code error_message} (string). JSON: {@code
 * {"partialSuccess":{"rejectedDataPoints":"3","errorMessage":"…"}}}, the count as a string or a
 * number. Anything else reads as no partial success: this parser never throws.
 */
public final class PartialSuccess {
  /** The longest error message shown: a receiver's text goes into the app's log. */
  static final int MAX_MESSAGE_CHARS = 200;

  final long rejectedDataPoints;
  final String errorMessage;

  private PartialSuccess(long rejectedDataPoints, String errorMessage) {
    this.rejectedDataPoints = rejectedDataPoints;
    this.errorMessage = errorMessage;
  }

  /** The partial success in {@code body}, or {@code null} when it reports none. */
  public static PartialSuccess read(boolean protobuf, byte[] body) {
    try {
      PartialSuccess partial = protobuf ? fromProtobuf(body) : fromJson(body);
      if (partial == null || (partial.rejectedDataPoints == 0 && partial.errorMessage.isEmpty())) {
        return null;
      }
      return partial;
    } catch (RuntimeException e) {
      return null; // Cut short or not OTLP at all: nothing to say.
    }
  }

  private static PartialSuccess fromProtobuf(byte[] body) {
    Reader outer = new Reader(body, 0, body.length);
    while (outer.more()) {
      int tag = (int) outer.varint();
      if (tag == (1 << 3 | 2)) {
        int length = (int) outer.varint();
        Reader inner = new Reader(body, outer.at, outer.at + length);
        outer.at += length;
        long rejected = 0;
        String message = "";
        while (inner.more()) {
          int field = (int) inner.varint();
          if (field == (1 << 3)) {
            rejected = inner.varint();
          } else if (field == (2 << 3 | 2)) {
            int size = (int) inner.varint();
            message = new String(body, inner.at, size, StandardCharsets.UTF_8);
            inner.at += size;
          } else {
            inner.skip(field & 7);
          }
        }
        return new PartialSuccess(rejected, shorten(message));
      }
      outer.skip(tag & 7);
    }
    return null;
  }

  private static PartialSuccess fromJson(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    if (text.indexOf("\"partialSuccess\"") < 0) {
      return null;
    }
    long rejected = 0;
    int at = valueAfter(text, "\"rejectedDataPoints\"");
    if (at >= 0) {
      if (text.charAt(at) == '"') {
        at++;
      }
      int end = at;
      while (end < text.length() && Character.isDigit(text.charAt(end))) {
        end++;
      }
      rejected = end > at ? Long.parseLong(text.substring(at, end)) : 0;
    }
    String message = "";
    at = valueAfter(text, "\"errorMessage\"");
    if (at >= 0 && text.charAt(at) == '"') {
      StringBuilder out = new StringBuilder();
      for (int i = at + 1; i < text.length() && text.charAt(i) != '"'; i++) {
        char c = text.charAt(i);
        if (c == '\\' && i + 1 < text.length()) {
          c = text.charAt(++i); // An escape: its character, roughly; this is only shown.
        }
        out.append(c);
      }
      message = out.toString();
    }
    return new PartialSuccess(rejected, shorten(message));
  }

  /** Where the value of {@code key} starts, past the colon and spaces; -1 when absent. */
  private static int valueAfter(String text, String key) {
    int at = text.indexOf(key);
    if (at < 0) {
      return -1;
    }
    at += key.length();
    while (at < text.length()
        && (text.charAt(at) == ':' || Character.isWhitespace(text.charAt(at)))) {
      at++;
    }
    return at < text.length() ? at : -1;
  }

  private static String shorten(String message) {
    return message.length() <= MAX_MESSAGE_CHARS
        ? message
        : message.substring(0, MAX_MESSAGE_CHARS) + "…";
  }

  /** Protobuf's varints and field skipping over {@code bytes[at..end)}. */
  private static final class Reader {
    private final byte[] bytes;
    private final int end;
    int at;

    Reader(byte[] bytes, int at, int end) {
      if (end > bytes.length || at > end) {
        throw new IndexOutOfBoundsException("cut short");
      }
      this.bytes = bytes;
      this.at = at;
      this.end = end;
    }

    boolean more() {
      return at < end;
    }

    long varint() {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (at >= end) {
          throw new IndexOutOfBoundsException("cut short");
        }
        byte b = bytes[at++];
        value |= (long) (b & 0x7f) << shift;
        if (b >= 0) {
          return value;
        }
      }
      throw new IllegalArgumentException("varint too long");
    }

    void skip(int wireType) {
      switch (wireType) {
        case 0:
          varint();
          break;
        case 1:
          at += 8;
          break;
        case 2:
          at += (int) varint();
          break;
        case 5:
          at += 4;
          break;
        default:
          throw new IllegalArgumentException("wire type " + wireType);
      }
      if (at > end || at < 0) {
        throw new IndexOutOfBoundsException("cut short");
      }
    }
  }
}
