package dev.jvmmetrics.preview.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The preview charts only names the agent sends, as the kind the agent sends them: each {@link
 * Gauge} and {@link Counter} is checked against the agent's catalogue ({@code Metric.java}), read
 * as source text so that the preview's build does not depend on the agent's.
 */
class CatalogueTest {
  static final Path CATALOGUE =
      Path.of("../agent/src/main/java/dev/jvmmetrics/agent/metrics/Metric.java");

  /** Each catalogue entry's Heroku name and kind, as written: {@code "name", Kind.GAUGE}. */
  static Map<String, String> catalogue() throws Exception {
    Matcher entry =
        Pattern.compile("\"([A-Za-z0-9_.<>]+)\",\\s*Kind\\.(GAUGE|COUNTER)")
            .matcher(Files.readString(CATALOGUE));
    Map<String, String> kinds = new HashMap<>();
    while (entry.find()) {
      kinds.put(entry.group(1), entry.group(2));
    }
    return kinds;
  }

  @Test
  void everyChartedNameIsInTheAgentsCatalogueAsTheSameKind() throws Exception {
    Map<String, String> catalogue = catalogue();
    assertTrue(catalogue.size() > 20, "the catalogue's entries were not found: " + catalogue);
    for (Gauge gauge : Gauge.values()) {
      assertEquals("GAUGE", catalogue.get(gauge.wireName()), gauge.wireName());
    }
    for (Counter counter : Counter.values()) {
      assertEquals("COUNTER", catalogue.get(counter.wireName()), counter.wireName());
    }
  }
}
