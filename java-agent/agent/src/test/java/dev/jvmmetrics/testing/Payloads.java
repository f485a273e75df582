package dev.jvmmetrics.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;

/**
 * Reads report bodies the way a strict endpoint would: one JSON value and nothing after it, no
 * duplicate names, and every number kept exactly as written (a counter of seconds such as {@code
 * 0.006} must not pass through a double).
 */
public final class Payloads {
  private static final ObjectMapper STRICT =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();

  private Payloads() {}

  /** The body as a tree; a body that is not one well-formed JSON value fails the test. */
  public static JsonNode parse(String body) {
    try {
      return STRICT.readTree(body);
    } catch (JsonProcessingException e) {
      throw new AssertionError("not a well-formed JSON report: " + body, e);
    }
  }

  /** The {@code counters} or {@code gauges} object of a report body. */
  public static JsonNode section(String body, String name) {
    JsonNode section = parse(body).get(name);
    if (section == null || !section.isObject()) {
      throw new AssertionError("report without a \"" + name + "\" object: " + body);
    }
    return section;
  }

  /** One number of a section, exactly as sent, or null when the report does not carry it. */
  public static BigDecimal number(JsonNode section, String name) {
    JsonNode value = section.get(name);
    if (value == null) {
      return null;
    }
    if (!value.isNumber()) {
      throw new AssertionError(name + " is not a number: " + section);
    }
    return value.decimalValue();
  }
}
