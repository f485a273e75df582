package dev.jvmmetrics.agent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** An OTLP receiver's answer, as the official classes write it, and what is not one. */
class PartialSuccessTest {
  private static byte[] protobuf(long rejected, String message) {
    return ExportMetricsServiceResponse.newBuilder()
        .setPartialSuccess(
            ExportMetricsPartialSuccess.newBuilder()
                .setRejectedDataPoints(rejected)
                .setErrorMessage(message))
        .build()
        .toByteArray();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void readsTheProtobufAnswer() {
    PartialSuccess partial = PartialSuccess.read(true, protobuf(300_000_000_000L, "too old: ü"));
    assertEquals(300_000_000_000L, partial.rejectedDataPoints);
    assertEquals("too old: ü", partial.errorMessage);
  }

  @Test
  void readsTheJsonAnswerWithTheCountAsStringOrNumber() {
    PartialSuccess partial =
        PartialSuccess.read(
            false,
            utf8(
                "{\"partialSuccess\": {\"rejectedDataPoints\": \"12\", \"errorMessage\": \"bad \\\"unit\\\"\"}}"));
    assertEquals(12, partial.rejectedDataPoints);
    assertEquals("bad \"unit\"", partial.errorMessage);
    assertEquals(
        5,
        PartialSuccess.read(false, utf8("{\"partialSuccess\":{\"rejectedDataPoints\":5}}"))
            .rejectedDataPoints);
  }

  @Test
  void aFullSuccessOrAnythingElseIsNone() {
    assertNull(PartialSuccess.read(true, new byte[0]));
    assertNull(
        PartialSuccess.read(true, ExportMetricsServiceResponse.getDefaultInstance().toByteArray()));
    assertNull(PartialSuccess.read(true, protobuf(0, "")));
    assertNull(PartialSuccess.read(true, utf8("ok\n")));
    assertNull(PartialSuccess.read(false, utf8("{}")));
    assertNull(PartialSuccess.read(false, utf8("ok\n")));
    assertNull(PartialSuccess.read(false, utf8("{\"partialSuccess\":{}}")));
  }

  @Test
  void aMessageWithoutRejectionsIsStillSaid() {
    assertEquals(
        "deprecated field",
        PartialSuccess.read(true, protobuf(0, "deprecated field")).errorMessage);
  }

  @Test
  void aCutShortAnswerNeverThrows() {
    byte[] whole = protobuf(7, "a reason long enough to cut");
    for (int length = 0; length < whole.length; length++) {
      PartialSuccess.read(true, Arrays.copyOf(whole, length));
    }
  }

  @Test
  void aLongMessageIsShortened() {
    char[] chars = new char[1000];
    Arrays.fill(chars, 'x');
    String message = PartialSuccess.read(true, protobuf(1, new String(chars))).errorMessage;
    assertEquals(PartialSuccess.MAX_MESSAGE_CHARS + 1, message.length());
  }
}
