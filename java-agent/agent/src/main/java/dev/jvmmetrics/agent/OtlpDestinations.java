package dev.jvmmetrics.agent;

import dev.jvmmetrics.agent.metrics.Collector;
import dev.jvmmetrics.agent.otlp.OtlpPayload;
import dev.jvmmetrics.agent.report.Payload;
import java.util.Map;

/** Makes the OTLP destination's payload from its settings and the environment. */
final class OtlpDestinations {
  private OtlpDestinations() {}

  /**
   * @param collector the sources the Heroku destination reads too: one set for both
   */
  static Payload payload(
      OtlpSettings settings, Map<String, String> env, Collector collector, Log log) {
    OtlpPayload.Options options = new OtlpPayload.Options();
    options.json = settings.json;
    options.delta = settings.delta;
    options.resourceAttributes = OtlpPayload.resource(env);
    options.collector = collector;
    options.log = log;
    return new OtlpPayload(options);
  }
}
