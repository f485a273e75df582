package dev.jvmmetrics.agent;

import dev.jvmmetrics.agent.report.Reporter;

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

  String name() {
    return otlp ? "otlp" : "heroku";
  }
}
