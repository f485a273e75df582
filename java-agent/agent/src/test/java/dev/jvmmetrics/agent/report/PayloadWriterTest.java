package dev.jvmmetrics.agent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jvmmetrics.agent.metrics.Sample;
import dev.jvmmetrics.testing.Payloads;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PayloadWriterTest {
  private final PayloadWriter writer = new PayloadWriter();
  private final CounterLedger ledger = new CounterLedger();

  private String write(Sample sample) throws Exception {
    PayloadWriter.Body body = writer.write(sample, ledger);
    return new String(body.bytes(), 0, body.length(), StandardCharsets.UTF_8);
  }

  @Test
  void writesCountersAndGaugesInHerokusShape() throws Exception {
    Sample sample = new Sample();
    sample.gauge("jvm_memory_bytes_used.area_heap", 41_943_040);
    sample.gauge("jvm_threads_current", 23);
    sample.counter("jvm_gc_collection_seconds_count.gc_all", 3);
    sample.nanosCounter("jvm_gc_pause_seconds_sum", 6_000_000);

    assertEquals(
        "{\"counters\":{\"jvm_gc_collection_seconds_count.gc_all\":3,"
            + "\"jvm_gc_pause_seconds_sum\":0.006},"
            + "\"gauges\":{\"jvm_memory_bytes_used.area_heap\":41943040,"
            + "\"jvm_threads_current\":23}}",
        write(sample));
  }

  @Test
  void emptySampleIsStillAValidReport() throws Exception {
    assertEquals("{\"counters\":{},\"gauges\":{}}", write(new Sample()));
  }

  @Test
  void countersAreDeltasAgainstTheLedger() throws Exception {
    Sample sample = new Sample();
    sample.counter("c", 10);
    sample.nanosCounter("t", 1_500_000_000L);
    ledger.commit(sample);
    sample.clear();
    sample.counter("c", 14);
    sample.nanosCounter("t", 1_500_000_001L);

    JsonNode counters = Payloads.section(write(sample), "counters");
    assertEquals(new BigDecimal("4"), Payloads.number(counters, "c"));
    assertEquals(new BigDecimal("0.000000001"), Payloads.number(counters, "t"));
  }

  @Test
  void reusesItsBufferAcrossReports() throws Exception {
    Sample big = new Sample();
    for (int i = 0; i < 200; i++) {
      big.gauge("gauge_number_" + i, Long.MAX_VALUE);
    }
    String first = write(big);
    Sample small = new Sample();
    small.gauge("g", 1);
    assertEquals("{\"counters\":{},\"gauges\":{\"g\":1}}", write(small));
    assertEquals(first, write(big));
  }

  @Test
  void escapesNamesAndWritesThemAsUtf8() throws Exception {
    String[] names = {
      "quote\"d",
      "back\\slash",
      "new\nline\ttab\u0001\u001f",
      "gc_Café_€",
      "emoji_\uD83D\uDE00",
      "lone_\uD800_surrogate",
      "slash/and\u007fdel"
    };
    Sample sample = new Sample();
    for (int i = 0; i < names.length; i++) {
      sample.gauge(names[i], i);
    }
    String json = write(sample);
    JsonNode gauges = Payloads.section(json, "gauges");
    assertEquals(names.length, gauges.size(), json);
    for (int i = 0; i < names.length; i++) {
      assertEquals(new BigDecimal(i), Payloads.number(gauges, names[i]), names[i]);
    }
    assertTrue(json.contains("\"gc_Café_€\""), json);
  }

  @Test
  void writesEveryLongExactly() throws Exception {
    long[] values = {0, 7, -1, 10, 1_000_000, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1};
    Sample sample = new Sample();
    for (int i = 0; i < values.length; i++) {
      sample.gauge("g" + i, values[i]);
    }
    JsonNode gauges = Payloads.section(write(sample), "gauges");
    for (int i = 0; i < values.length; i++) {
      assertEquals(new BigDecimal(values[i]), Payloads.number(gauges, "g" + i));
    }
  }

  @Test
  void countersKeepTheirOrderAndDeltasSitBesideSeconds() throws Exception {
    Sample sample = new Sample();
    sample.counter("a", 5);
    sample.nanosCounter("b", 1_234_567_890_123L);
    sample.counter("c", 0);
    assertEquals(
        "{\"counters\":{\"a\":5,\"b\":1234.567890123,\"c\":0},\"gauges\":{}}", write(sample));
  }

  @ParameterizedTest
  @CsvSource({
    "0, 0",
    "1, 0.000000001",
    "6000000, 0.006",
    "10000000, 0.01",
    "999999999, 0.999999999",
    "1000000000, 1",
    "2000000000, 2",
    "1234567890123, 1234.567890123",
    "9223372036854775807, 9223372036.854775807"
  })
  void writesNanosAsExactSeconds(long nanos, String seconds) {
    byte[] out = new byte[JsonNumbers.MAX_DOUBLE_LENGTH];
    int length = JsonNumbers.seconds(out, 0, nanos);
    assertEquals(seconds, new String(out, 0, length, StandardCharsets.US_ASCII));
  }
}
