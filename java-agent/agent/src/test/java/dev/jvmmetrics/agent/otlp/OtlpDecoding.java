package dev.jvmmetrics.agent.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import dev.jvmmetrics.agent.report.Payload;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Reads the agent's bodies with the official OTLP classes, and nothing else. */
final class OtlpDecoding {
  private OtlpDecoding() {}

  /** Decodes a protobuf body, failing on any byte the official classes do not know. */
  static ExportMetricsServiceRequest protobuf(Payload.Body body)
      throws InvalidProtocolBufferException {
    ExportMetricsServiceRequest request =
        ExportMetricsServiceRequest.parseFrom(Arrays.copyOf(body.bytes(), body.length()));
    assertNoUnknownFields(request, "request");
    return request;
  }

  /** Decodes a JSON body with protobuf's JSON reader, which refuses unknown field names. */
  static ExportMetricsServiceRequest json(Payload.Body body) throws InvalidProtocolBufferException {
    ExportMetricsServiceRequest.Builder builder = ExportMetricsServiceRequest.newBuilder();
    JsonFormat.parser()
        .merge(new String(body.bytes(), 0, body.length(), StandardCharsets.UTF_8), builder);
    return builder.build();
  }

  /** Every field of every nested message was one the official schema defines. */
  static void assertNoUnknownFields(Message message, String path) {
    assertTrue(
        message.getUnknownFields().asMap().isEmpty(),
        path + " has fields the schema does not know: " + message.getUnknownFields());
    for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
      if (field.getKey().getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
        continue;
      }
      List<Object> values = new ArrayList<>();
      if (field.getKey().isRepeated()) {
        values.addAll((List<?>) field.getValue());
      } else {
        values.add(field.getValue());
      }
      for (Object value : values) {
        assertNoUnknownFields((Message) value, path + "." + field.getKey().getName());
      }
    }
  }

  static List<Metric> metrics(ExportMetricsServiceRequest request) {
    assertEquals(1, request.getResourceMetricsCount());
    assertEquals(1, request.getResourceMetrics(0).getScopeMetricsCount());
    return request.getResourceMetrics(0).getScopeMetrics(0).getMetricsList();
  }

  static Metric metric(ExportMetricsServiceRequest request, String name) {
    Metric found = null;
    for (Metric metric : metrics(request)) {
      if (metric.getName().equals(name)) {
        assertEquals(null, found, name + " appears twice");
        found = metric;
      }
    }
    return found;
  }

  static AnyValue attribute(List<KeyValue> attributes, String key) {
    for (KeyValue attribute : attributes) {
      if (attribute.getKey().equals(key)) {
        return attribute.getValue();
      }
    }
    return null;
  }
}
