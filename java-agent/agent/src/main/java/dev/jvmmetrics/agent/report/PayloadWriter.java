package dev.jvmmetrics.agent.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.jvmmetrics.agent.metrics.Sample;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

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
 * (nanoseconds as a decimal, never a binary floating-point approximation). The body buffer is
 * reused between reports.
 */
final class PayloadWriter {
  private final JsonFactory factory = new JsonFactory();
  private final Body body = new Body();
  private final char[] decimal = new char[32];

  /** Writes the report for {@code sample}; the bytes stay valid until the next call. */
  Body write(Sample sample, CounterLedger ledger) throws IOException {
    body.reset();
    try (JsonGenerator json = factory.createGenerator(body)) {
      json.writeStartObject();
      json.writeFieldName("counters");
      json.writeStartObject();
      for (int i = 0; i < sample.counterCount(); i++) {
        long delta = ledger.delta(sample.counterName(i), sample.counterTotal(i));
        json.writeFieldName(sample.counterName(i));
        if (sample.counterIsNanos(i)) {
          json.writeNumber(decimal, 0, nanosAsSeconds(delta, decimal));
        } else {
          json.writeNumber(delta);
        }
      }
      json.writeEndObject();
      json.writeFieldName("gauges");
      json.writeStartObject();
      for (int i = 0; i < sample.gaugeCount(); i++) {
        json.writeFieldName(sample.gaugeName(i));
        json.writeNumber(sample.gaugeValue(i));
      }
      json.writeEndObject();
      json.writeEndObject();
    }
    return body;
  }

  /**
   * Writes a non-negative number of nanoseconds as seconds in plain decimal, with no trailing zeros
   * ({@code 6000000} → {@code 0.006}, {@code 2000000000} → {@code 2}).
   *
   * @return the number of chars written into {@code out}
   */
  static int nanosAsSeconds(long nanos, char[] out) {
    String whole = Long.toString(nanos / 1_000_000_000L);
    int length = whole.length();
    whole.getChars(0, length, out, 0);
    long fraction = nanos % 1_000_000_000L;
    if (fraction == 0) {
      return length;
    }
    out[length++] = '.';
    long divisor = 100_000_000L;
    while (fraction != 0) {
      out[length++] = (char) ('0' + fraction / divisor);
      fraction %= divisor;
      divisor /= 10;
    }
    return length;
  }

  /** A growable byte buffer whose contents can be sent without copying. */
  static final class Body extends ByteArrayOutputStream {
    Body() {
      super(2048);
    }

    byte[] bytes() {
      return buf;
    }

    int length() {
      return count;
    }
  }
}
