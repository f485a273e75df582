package dev.jvmmetrics.preview.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Parses a report body, {@code {"counters":{name:number,…},"gauges":{name:number,…}}}, into a
 * {@link Report}. Anything else is a {@link BadReport} whose reason names the first problem. Other
 * top-level fields are ignored, as a newer agent may send more.
 */
public final class ReportParser {
  private static final int MAX_NAME_LENGTH = 200;

  private final ObjectMapper json =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .build();

  public ReportParser() {
    // A report is a few hundred bytes; deep nesting is an attack or a bug, not a report.
    json.getFactory()
        .setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).build());
  }

  public Report parse(DynoName dyno, Instant time, byte[] body) throws BadReport {
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (JsonProcessingException e) {
      throw BadReport.badRequest("the body is not JSON: " + firstLine(e.getOriginalMessage()));
    } catch (java.io.IOException e) {
      throw BadReport.badRequest("the body could not be read as JSON");
    }
    if (root == null || root.isMissingNode()) {
      throw BadReport.badRequest(
          "the body is empty: send {\"counters\":{...},\"gauges\":{...}} as JSON");
    }
    if (!root.isObject()) {
      throw BadReport.badRequest(
          "the body is JSON but not an object: send {\"counters\":{...},\"gauges\":{...}}");
    }
    Map<String, Double> gauges = section(root, "gauges", false);
    Map<String, Double> counters = section(root, "counters", true);
    return new Report(dyno, time, gauges, counters);
  }

  private static Map<String, Double> section(JsonNode root, String name, boolean counters)
      throws BadReport {
    JsonNode node = root.get(name);
    Map<String, Double> values = new HashMap<>();
    if (node == null || node.isNull()) {
      return values;
    }
    if (!node.isObject()) {
      throw BadReport.badRequest(
          "\"" + name + "\" must be an object of name:number, not " + kind(node));
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String key = field.getKey();
      JsonNode value = field.getValue();
      if (key.isEmpty() || key.length() > MAX_NAME_LENGTH) {
        throw BadReport.badRequest(
            "a name in \""
                + name
                + "\" is empty or longer than "
                + MAX_NAME_LENGTH
                + " characters");
      }
      if (!value.isNumber()) {
        throw BadReport.badRequest(
            name + " \"" + DynoName.printable(key) + "\" is " + kind(value) + ", not a number");
      }
      double number = value.doubleValue();
      if (!Double.isFinite(number)) {
        throw BadReport.badRequest(name + " \"" + DynoName.printable(key) + "\" is out of range");
      }
      if (counters && number < 0) {
        throw BadReport.badRequest(
            "counter \""
                + DynoName.printable(key)
                + "\" is negative: counters are deltas since the last delivered report, never below 0");
      }
      values.put(key, number);
    }
    return values;
  }

  private static String kind(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case STRING -> "a string";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int end = message.indexOf('\n');
    String line = end < 0 ? message : message.substring(0, end);
    return line.length() <= 160 ? line : line.substring(0, 157) + "...";
  }
}
