package dev.jvmmetrics.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The OpenTelemetry half of the catalogue: names that cannot collide, and docs that match. */
class OtelMetricTest {
  private static final Path DOC = Paths.get("..", "..", "docs", "opentelemetry.md");
  private static final Pattern ROW =
      Pattern.compile("^\\| `([a-z_.]+)` \\| ([^|]+) \\| `([^`]+)` \\|");

  @Test
  void ownNamesLiveInTheirOwnNamespaceAndConventionNamesOutsideIt() {
    Set<String> names = new HashSet<>();
    for (OtelMetric metric : OtelMetric.values()) {
      assertTrue(names.add(metric.otel()), metric + " repeats a name");
      boolean own = metric.origin() == OtelMetric.Origin.OWN;
      assertEquals(own, metric.otel().startsWith(OtelMetric.OWN_PREFIX), metric.toString());
      if (metric.origin() == OtelMetric.Origin.STABLE) {
        assertTrue(metric.otel().startsWith("jvm."), metric.toString());
      }
    }
  }

  @Test
  void aSeriesSentFromTheSampleHasTheKindOfItsHerokuTwin() {
    for (OtelMetric metric : OtelMetric.values()) {
      Metric sample = metric.sample();
      if (sample == null) {
        continue;
      }
      assertFalse(sample.isTemplate(), metric.toString());
      boolean counter = metric.instrument() == OtelMetric.Instrument.COUNTER;
      assertEquals(counter, sample.kind() == Metric.Kind.COUNTER, metric.toString());
      boolean seconds = sample.unit().equals("seconds");
      assertEquals(seconds, metric.unit().equals("s"), metric.toString());
    }
  }

  @Test
  void docsTableListsEveryEntryWithItsUnitAndNothingElse() throws Exception {
    List<String> documented = new ArrayList<>();
    for (String line : Files.readAllLines(DOC, StandardCharsets.UTF_8)) {
      Matcher row = ROW.matcher(line);
      if (row.find()) {
        documented.add(row.group(1));
        OtelMetric metric = byName(row.group(1));
        assertEquals(metric.unit(), row.group(3), line);
        String kind =
            metric
                .instrument()
                .name()
                .toLowerCase()
                .replace('_', ' ')
                .replace("up down", "up-down");
        assertTrue(row.group(2).trim().startsWith(kind), line);
      }
    }
    List<String> catalogued = new ArrayList<>();
    for (OtelMetric metric : OtelMetric.values()) {
      catalogued.add(metric.otel());
    }
    assertEquals(catalogued, documented);
  }

  private static OtelMetric byName(String name) {
    for (OtelMetric metric : OtelMetric.values()) {
      if (metric.otel().equals(name)) {
        return metric;
      }
    }
    throw new AssertionError(name + " is documented but not in OtelMetric");
  }
}
