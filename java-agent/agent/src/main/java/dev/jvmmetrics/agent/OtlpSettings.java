package dev.jvmmetrics.agent;

import dev.jvmmetrics.agent.otlp.OtlpPayload;
import java.util.Locale;
import java.util.Map;

/**
 * The OTLP destination's configuration, read once from the standard OpenTelemetry variables.
 *
 * <p>A per-signal variable ({@code OTEL_EXPORTER_OTLP_METRICS_*}) wins over the general one ({@code
 * OTEL_EXPORTER_OTLP_*}), as the OpenTelemetry exporter specification says; the metrics endpoint is
 * used as it is, the general one gets {@code /v1/metrics} added. Every problem is one line naming
 * the variable and what to set: a bad endpoint or protocol leaves this destination off, any other
 * bad value falls back to the specification's default. The Heroku destination never depends on any
 * of it. Header values are never logged.
 */
public final class OtlpSettings {
  static final String ENDPOINT_VARIABLE = "OTEL_EXPORTER_OTLP_ENDPOINT";
  static final String METRICS_ENDPOINT_VARIABLE = "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT";
  static final String SDK_DISABLED_VARIABLE = "OTEL_SDK_DISABLED";
  static final String EXPORTER_VARIABLE = "OTEL_METRICS_EXPORTER";
  static final String INTERVAL_VARIABLE = "OTEL_METRIC_EXPORT_INTERVAL";
  static final String TEMPORALITY_VARIABLE = "OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE";

  /** The specification's default export interval. */
  static final long DEFAULT_INTERVAL_MILLIS = 60_000;

  /** The specification's default time limit of one export. */
  static final long DEFAULT_TIMEOUT_MILLIS = 10_000;

  public final Endpoint endpoint;

  /** {@code http/json} rather than {@code http/protobuf}. */
  public final boolean json;

  /** Delta temporality rather than cumulative. */
  public final boolean delta;

  public final boolean gzip;
  public final long intervalMillis;
  public final long timeoutMillis;

  /** Extra request headers, names and values as sent (values percent-decoded). */
  public final Map<String, String> headers;

  OtlpSettings(
      Endpoint endpoint,
      boolean json,
      boolean delta,
      boolean gzip,
      long intervalMillis,
      long timeoutMillis,
      Map<String, String> headers) {
    this.endpoint = endpoint;
    this.json = json;
    this.delta = delta;
    this.gzip = gzip;
    this.intervalMillis = intervalMillis;
    this.timeoutMillis = timeoutMillis;
    this.headers = headers;
  }

  /**
   * Reads the OTLP settings from {@code env}.
   *
   * @return the settings, or {@code null} when there is no OTLP export (the reason is logged when
   *     it is a mistake; an opt-out and an unset endpoint say nothing)
   */
  static OtlpSettings fromEnvironment(Map<String, String> env, Log log) {
    if (!Settings.otlpConfigured(env) || optedOut(env, log)) {
      return null;
    }
    Endpoint endpoint = endpoint(env, log);
    if (endpoint == null) {
      return null;
    }
    String protocolVariable = signalVariable(env, "PROTOCOL");
    String protocol = protocolVariable == null ? "http/protobuf" : env.get(protocolVariable).trim();
    boolean json;
    switch (protocol.toLowerCase(Locale.ROOT)) {
      case "http/protobuf":
        json = false;
        break;
      case "http/json":
        json = true;
        break;
      case "grpc":
        log.error(
            protocolVariable
                + "=grpc is not supported by this agent: it exports over OTLP/HTTP. Set it to"
                + " http/protobuf and the endpoint to the receiver's OTLP/HTTP address (port 4318"
                + " on an OpenTelemetry Collector); OTLP export stays off until then.");
        return null;
      default:
        log.error(
            protocolVariable
                + " must be http/protobuf or http/json; OTLP export stays off until then.",
            "value",
            protocol);
        return null;
    }
    String resourceProblem = OtlpPayload.resourceProblem(env);
    if (resourceProblem != null) {
      log.warn(resourceProblem);
    }
    return new OtlpSettings(
        endpoint,
        json,
        delta(env, log),
        gzip(env, log),
        interval(env, log),
        timeout(env, log),
        OtlpHeaders.parse(env, signalVariable(env, "HEADERS"), log));
  }

  /**
   * The export interval from {@code env}, or the default when unset or invalid. Says nothing:
   * {@link #fromEnvironment} explains a bad value later.
   */
  static long intervalOrDefault(Map<String, String> env) {
    return intervalMillis(env, null);
  }

  private static boolean optedOut(Map<String, String> env, Log log) {
    String disabled = env.get(SDK_DISABLED_VARIABLE);
    if (disabled != null && !disabled.trim().isEmpty()) {
      String value = disabled.trim().toLowerCase(Locale.ROOT);
      if (value.equals("true")) {
        return true;
      }
      if (!value.equals("false")) {
        // The specification: anything but true is false, with a warning.
        log.warn(
            SDK_DISABLED_VARIABLE
                + " is neither true nor false; it is read as false (OTLP export stays on). Set it"
                + " to true to turn OTLP export off.",
            "value",
            disabled);
      }
    }
    String exporters = env.get(EXPORTER_VARIABLE);
    if (exporters == null || exporters.trim().isEmpty()) {
      return false;
    }
    boolean none = false;
    for (String exporter : exporters.split(",", -1)) {
      String name = exporter.trim().toLowerCase(Locale.ROOT);
      if (name.equals("otlp")) {
        return false;
      }
      none |= name.equals("none");
    }
    if (!none) {
      log.warn(
          EXPORTER_VARIABLE
              + " does not list otlp, the only exporter this agent has; OTLP export stays off."
              + " Set it to otlp to export, or to none to say so.",
          "value",
          exporters);
    }
    return true;
  }

  private static Endpoint endpoint(Map<String, String> env, Log log) {
    String variable = METRICS_ENDPOINT_VARIABLE;
    String url = env.get(variable);
    if (Settings.isBlank(url)) {
      variable = ENDPOINT_VARIABLE;
      String base = env.get(variable).trim();
      url = base.endsWith("/") ? base + "v1/metrics" : base + "/v1/metrics";
    }
    try {
      return Endpoint.parse(url);
    } catch (IllegalArgumentException e) {
      log.error(variable + " " + e.getMessage() + "; OTLP export stays off until then.");
      return null;
    }
  }

  private static boolean delta(Map<String, String> env, Log log) {
    String value = env.get(TEMPORALITY_VARIABLE);
    if (Settings.isBlank(value)) {
      return false;
    }
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "cumulative":
        return false;
      case "delta":
        return true;
      default:
        log.warn(
            TEMPORALITY_VARIABLE
                + " must be cumulative or delta (lowmemory is not supported); exporting"
                + " cumulative.",
            "value",
            value);
        return false;
    }
  }

  private static boolean gzip(Map<String, String> env, Log log) {
    String variable = signalVariable(env, "COMPRESSION");
    if (variable == null) {
      return false;
    }
    String value = env.get(variable).trim().toLowerCase(Locale.ROOT);
    if (value.equals("gzip")) {
      return true;
    }
    if (!value.equals("none")) {
      log.warn(
          variable + " must be gzip or none; exporting uncompressed.", "value", env.get(variable));
    }
    return false;
  }

  private static long interval(Map<String, String> env, Log log) {
    return intervalMillis(env, log);
  }

  /** {@code log} null: say nothing (read before the first report is due). */
  private static long intervalMillis(Map<String, String> env, Log log) {
    long millis =
        milliseconds(env.get(INTERVAL_VARIABLE), Intervals.MIN_MILLIS, Intervals.MAX_MILLIS);
    if (millis > 0) {
      return millis;
    }
    if (millis < 0 && log != null) {
      log.warn(
          INTERVAL_VARIABLE
              + " must be a whole number of milliseconds from 100 to 3600000; exporting every"
              + " 60000 ms instead.",
          "value",
          env.get(INTERVAL_VARIABLE));
    }
    return DEFAULT_INTERVAL_MILLIS;
  }

  private static long timeout(Map<String, String> env, Log log) {
    String variable = signalVariable(env, "TIMEOUT");
    if (variable == null) {
      return DEFAULT_TIMEOUT_MILLIS;
    }
    long millis = milliseconds(env.get(variable), 1, Intervals.MAX_MILLIS);
    if (millis > 0) {
      return millis;
    }
    log.warn(
        variable
            + " must be a whole number of milliseconds from 1 to 3600000; using 10000 ms instead.",
        "value",
        env.get(variable));
    return DEFAULT_TIMEOUT_MILLIS;
  }

  /**
   * A whole number of milliseconds within {@code [min, max]}: 0 when blank or unset, -1 when
   * invalid.
   */
  static long milliseconds(String text, long min, long max) {
    if (Settings.isBlank(text)) {
      return 0;
    }
    String value = text.trim();
    if (value.length() > 10) {
      return -1;
    }
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) < '0' || value.charAt(i) > '9') {
        return -1;
      }
    }
    long millis = Long.parseLong(value);
    return millis < min || millis > max ? -1 : millis;
  }

  /**
   * The variable that sets {@code OTEL_EXPORTER_OTLP_[METRICS_]<suffix>}: the per-signal one when
   * it is set (not blank), else the general one when set, else {@code null}.
   */
  static String signalVariable(Map<String, String> env, String suffix) {
    String perSignal = "OTEL_EXPORTER_OTLP_METRICS_" + suffix;
    if (!Settings.isBlank(env.get(perSignal))) {
      return perSignal;
    }
    String general = "OTEL_EXPORTER_OTLP_" + suffix;
    return Settings.isBlank(env.get(general)) ? null : general;
  }
}
