package dev.jvmmetrics.preview.ingest;

import java.time.Instant;
import java.util.Map;

/**
 * One accepted report: which dyno sent it, its {@code Measurements-Time}, and its numbers by wire
 * name. Gauges are values at that time; counters are deltas since the dyno's previous delivered
 * report (the first one of a JVM: since the JVM started).
 */
public record Report(
    DynoName dyno, Instant time, Map<String, Double> gauges, Map<String, Double> counters) {
  public Report {
    gauges = Map.copyOf(gauges);
    counters = Map.copyOf(counters);
  }
}
