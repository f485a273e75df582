package dev.jvmmetrics.agent.report;

import dev.jvmmetrics.agent.metrics.Sample;
import java.util.Arrays;

/**
 * Writes a report body in the format Heroku's metrics endpoint reads:
 *
 * <pre>{@code
 * {"counters":{"jvm_gc_collection_seconds_count.gc_all":3,
 *              "jvm_gc_pause_seconds_sum":0.006, ...},
 *  "gauges":{"jvm_memory_bytes_used.area_heap":12582912, ...}}
 * }</pre>
 *
 * <p>Counters are deltas against the {@link CounterLedger}; time is written in seconds exactly
 * (nanoseconds as a decimal, never a binary floating-point approximation). The body is two flat
 * objects of names and integers or decimals, so it is written here byte by byte, as UTF-8, rather
 * than through a JSON library: jackson-core cost the app about 70 classes and a shaded copy in the
 * jar (docs/performance.md). The body buffer is reused between reports, and numbers go through
 * {@link JsonNumbers}, so writing one allocates nothing.
 */
final class PayloadWriter {
  private static final byte[] HEX = {
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'
  };
  private final Body body = new Body();
  private final byte[] digits = new byte[JsonNumbers.MAX_DOUBLE_LENGTH];

  /** Writes the report for {@code sample}; the bytes stay valid until the next call. */
  Body write(Sample sample, CounterLedger ledger) {
    body.reset();
    body.ascii("{\"counters\":{");
    for (int i = 0; i < sample.counterCount(); i++) {
      long delta = ledger.delta(sample.counterName(i), sample.counterTotal(i));
      field(i, sample.counterName(i));
      if (sample.counterIsNanos(i)) {
        body.put(digits, 0, JsonNumbers.seconds(digits, 0, delta));
      } else {
        number(delta);
      }
    }
    body.ascii("},\"gauges\":{");
    for (int i = 0; i < sample.gaugeCount(); i++) {
      field(i, sample.gaugeName(i));
      number(sample.gaugeValue(i));
    }
    body.ascii("}}");
    return body;
  }

  /** {@code "name":}, after a comma unless it is the first field of its object. */
  private void field(int index, String name) {
    if (index > 0) {
      body.put(',');
    }
    string(name);
    body.put(':');
  }

  /**
   * A JSON string in UTF-8: quote, backslash and control characters escaped (RFC 8259), a lone
   * surrogate (no UTF-8 form) as a {@code \\u} escape.
   */
  private void string(String text) {
    body.put('"');
    int length = text.length();
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        body.put('\\');
        body.put(c);
      } else if (c < 0x20) {
        unicodeEscape(c);
      } else if (c < 0x80) {
        body.put(c);
      } else if (c < 0x800) {
        body.put(0xC0 | c >> 6);
        body.put(0x80 | c & 0x3F);
      } else if (Character.isHighSurrogate(c)
          && i + 1 < length
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        int point = Character.toCodePoint(c, text.charAt(++i));
        body.put(0xF0 | point >> 18);
        body.put(0x80 | point >> 12 & 0x3F);
        body.put(0x80 | point >> 6 & 0x3F);
        body.put(0x80 | point & 0x3F);
      } else if (Character.isSurrogate(c)) {
        unicodeEscape(c);
      } else {
        body.put(0xE0 | c >> 12);
        body.put(0x80 | c >> 6 & 0x3F);
        body.put(0x80 | c & 0x3F);
      }
    }
    body.put('"');
  }

  private void unicodeEscape(char c) {
    body.put('\\');
    body.put('u');
    body.put(HEX[c >> 12]);
    body.put(HEX[c >> 8 & 0xF]);
    body.put(HEX[c >> 4 & 0xF]);
    body.put(HEX[c & 0xF]);
  }

  /** A whole number in plain decimal, without the String that {@code Long.toString} makes. */
  private void number(long value) {
    body.put(digits, 0, JsonNumbers.decimal(digits, 0, value));
  }

  /**
   * A growable byte buffer whose contents can be sent without copying: the {@link Payload.Body}
   * itself, so that neither an adapter nor {@code ByteArrayOutputStream} is loaded.
   */
  static final class Body implements Payload.Body {
    private byte[] buf = new byte[2048];
    private int count;

    void reset() {
      count = 0;
    }

    void put(int b) {
      if (count == buf.length) {
        buf = Arrays.copyOf(buf, buf.length * 2);
      }
      buf[count++] = (byte) b;
    }

    void put(byte[] bytes, int from, int length) {
      if (count + length > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + length));
      }
      System.arraycopy(bytes, from, buf, count, length);
      count += length;
    }

    /** Appends text known to be ASCII. */
    void ascii(String text) {
      for (int i = 0; i < text.length(); i++) {
        put(text.charAt(i));
      }
    }

    @Override
    public byte[] bytes() {
      return buf;
    }

    @Override
    public int length() {
      return count;
    }
  }
}
