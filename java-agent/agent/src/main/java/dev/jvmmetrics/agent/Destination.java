package dev.jvmmetrics.agent;

import dev.jvmmetrics.agent.report.Reporter;
import java.util.ArrayList;
import java.util.List;

/**
 * One place the agent reports to, with its own schedule on the agent's one thread: the Heroku
 * metrics endpoint or an OTLP receiver. Its reporter is made when this JVM first reports.
 */
final class Destination {
  final boolean otlp;
  final Endpoint endpoint;
  final long intervalMillis;

  /** The time limit of one report: short enough that the other destination keeps its schedule. */
  final long timeoutMillis;

  /** When the next report is due, as a {@link System#nanoTime()} value. */
  long nextNanos;

  Reporter reporter;

  Destination(boolean otlp, Endpoint endpoint, long intervalMillis, long timeoutMillis) {
    this.otlp = otlp;
    this.endpoint = endpoint;
    this.intervalMillis = intervalMillis;
    this.timeoutMillis = timeoutMillis;
  }

  /**
   * The destinations to report to: none when Heroku's own agent is in this JVM (the dyno-start
   * rules' case, which the scripts skip too: test/fixtures/start-rules.tsv), and no OTLP when the
   * OpenTelemetry Java agent is (it exports the same runtime metrics already).
   */
  static List<Destination> forSettings(Settings settings, Log log) {
    List<Destination> destinations = new ArrayList<>(2);
    if (HerokuAgentCheck.loadedInThisJvm()) {
      log.debug(
          "Heroku's JVM metrics agent is loaded in this JVM too; this agent stands by so that"
              + " nothing is reported twice");
      return destinations;
    }
    boolean heroku = settings.endpoint != null;
    OtlpSettings otlp = settings.otlp;
    if (otlp != null && OpenTelemetryAgentCheck.loadedInThisJvm()) {
      otlp = null;
      log.debug(
          "the OpenTelemetry Java agent is loaded in this JVM and exports its runtime metrics;"
              + " this agent sends nothing over OTLP so that no series is doubled");
    }
    long shortest = Long.MAX_VALUE;
    if (heroku) {
      shortest = settings.intervalMillis;
    }
    if (otlp != null) {
      shortest = Math.min(shortest, otlp.intervalMillis);
    }
    if (heroku) {
      long timeout = Math.min(shortest, ReportingLoop.MAX_TIMEOUT_MILLIS);
      destinations.add(new Destination(false, settings.endpoint, settings.intervalMillis, timeout));
    }
    if (otlp != null) {
      long timeout = Math.min(shortest, otlp.timeoutMillis);
      destinations.add(new Destination(true, otlp.endpoint, otlp.intervalMillis, timeout));
    }
    return destinations;
  }

  String name() {
    return otlp ? "otlp" : "heroku";
  }
}
