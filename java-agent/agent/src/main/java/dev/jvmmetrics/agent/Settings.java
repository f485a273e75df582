package dev.jvmmetrics.agent;

import java.util.Locale;
import java.util.Map;

/**
 * The agent's configuration, read once from the environment: the Heroku destination ({@code
 * HEROKU_METRICS_URL}) and the OTLP one ({@link OtlpSettings}), either or both.
 *
 * <p>Every problem is reported as one line that names the variable and says what to do. A problem
 * with the opt-out switch leaves the agent idle; one with a destination's endpoint leaves that
 * destination off and the other unaffected; a bad interval falls back to the default.
 */
public final class Settings {
  static final String URL_VARIABLE = "HEROKU_METRICS_URL";
  static final String INTERVAL_VARIABLE = "HEROKU_METRICS_INTERVAL";
  static final String DISABLE_VARIABLE = "DISABLE_HEROKU_METRICS_AGENT";
  static final String DEBUG_VARIABLE = "HEROKU_METRICS_DEBUG";

  static final long DEFAULT_INTERVAL_MILLIS = 5_000;

  /** The Heroku metrics endpoint, or {@code null} when only OTLP is exported. */
  final Endpoint endpoint;

  /** The Heroku destination's interval ({@code HEROKU_METRICS_INTERVAL}). */
  public final long intervalMillis;

  final boolean debug;

  /** The OTLP destination, or {@code null} when there is none. */
  final OtlpSettings otlp;

  public Settings(Endpoint endpoint, long intervalMillis, boolean debug) {
    this(endpoint, intervalMillis, debug, null);
  }

  Settings(Endpoint endpoint, long intervalMillis, boolean debug, OtlpSettings otlp) {
    this.endpoint = endpoint;
    this.intervalMillis = intervalMillis;
    this.debug = debug;
    this.otlp = otlp;
  }

  /**
   * The endpoint whose lock file every JVM of the dyno agrees on: one reporter per dyno for both
   * destinations, so Heroku's when it is set.
   */
  Endpoint lockEndpoint() {
    return endpoint != null ? endpoint : otlp.endpoint;
  }

  /**
   * Reads the settings from {@code env}.
   *
   * @return the settings, or {@code null} when the agent must stay idle (the reason is logged)
   */
  static Settings fromEnvironment(Map<String, String> env, Log log) {
    String url = env.get(URL_VARIABLE);
    boolean heroku = url != null && !url.isEmpty();
    if (!heroku && !otlpConfigured(env)) {
      return null;
    }
    String disable = env.get(DISABLE_VARIABLE);
    // An if rather than a switch on the enum: javac compiles that to one more class to load.
    Switch off = Switch.parse(disable);
    if (off == Switch.ON) {
      return null;
    }
    if (off == Switch.NEITHER) {
      log.error(
          DISABLE_VARIABLE
              + " has a value that is neither true nor false; set it to true to turn the agent"
              + " off or to false to keep it on. The agent stays idle until then.",
          "value",
          disable);
      return null;
    }
    Endpoint endpoint = null;
    long intervalMillis = DEFAULT_INTERVAL_MILLIS;
    if (heroku) {
      try {
        endpoint = Endpoint.parse(url);
        intervalMillis = intervalMillis(env, log);
      } catch (IllegalArgumentException e) {
        log.error(
            URL_VARIABLE
                + " "
                + e.getMessage()
                + (otlpConfigured(env)
                    ? "; nothing is sent to Heroku until then (OTLP export is not affected)."
                    : "; the agent stays idle."));
      }
    }
    // Asked only when an endpoint is set: a Heroku-only dyno never loads OtlpSettings.
    OtlpSettings otlp = otlpConfigured(env) ? OtlpSettings.fromEnvironment(env, log) : null;
    if (endpoint == null && otlp == null) {
      return null;
    }
    boolean debug = Switch.parse(env.get(DEBUG_VARIABLE)) == Switch.ON;
    return new Settings(endpoint, intervalMillis, debug, otlp);
  }

  /**
   * Whether {@code env} names a Heroku endpoint: set and not empty (a bad value is checked later).
   */
  static boolean herokuConfigured(Map<String, String> env) {
    String url = env.get(URL_VARIABLE);
    return url != null && !url.isEmpty();
  }

  /**
   * Whether {@code env} names an OTLP endpoint. Here rather than in {@link OtlpSettings} (whose
   * names javac inlines) so that a dyno without one never loads that class.
   */
  static boolean otlpConfigured(Map<String, String> env) {
    return !isBlank(env.get(OtlpSettings.METRICS_ENDPOINT_VARIABLE))
        || !isBlank(env.get(OtlpSettings.ENDPOINT_VARIABLE));
  }

  /** Unset, empty or only white space. */
  static boolean isBlank(String value) {
    return value == null || value.trim().isEmpty();
  }

  /**
   * When the first report is due, in milliseconds after start: the shorter interval of the
   * destinations {@code env} names, each read as its default when invalid. Says nothing: {@link
   * #fromEnvironment} explains a bad value later.
   */
  static long intervalOrDefault(Map<String, String> env) {
    long heroku = herokuConfigured(env) ? intervalMillis(env, null) : Long.MAX_VALUE;
    long otlp = otlpConfigured(env) ? OtlpSettings.intervalOrDefault(env) : Long.MAX_VALUE;
    long first = Math.min(heroku, otlp);
    return first == Long.MAX_VALUE ? DEFAULT_INTERVAL_MILLIS : first;
  }

  /**
   * The one place the interval is read: unset or invalid means the default.
   *
   * @param log where an invalid value is explained, or null to say nothing (no lambda here: this
   *     runs before the first report, and a JVM's first lambda loads the invoke machinery)
   */
  private static long intervalMillis(Map<String, String> env, Log log) {
    String interval = env.get(INTERVAL_VARIABLE);
    if (interval == null || interval.trim().isEmpty()) {
      return DEFAULT_INTERVAL_MILLIS;
    }
    try {
      return Intervals.parseMillis(interval);
    } catch (IllegalArgumentException e) {
      if (log != null) {
        log.warn(
            INTERVAL_VARIABLE
                + " "
                + e.getMessage()
                + "; reporting every "
                + Intervals.format(DEFAULT_INTERVAL_MILLIS)
                + " instead.",
            "value",
            interval);
      }
      return DEFAULT_INTERVAL_MILLIS;
    }
  }

  /**
   * An on/off switch's value: {@code DISABLE_HEROKU_METRICS_AGENT}, {@code HEROKU_METRICS_DEBUG}.
   */
  enum Switch {
    ON,
    OFF,
    /** A value that means neither: the user has to say which. */
    NEITHER;

    /**
     * {@code true/1/yes/on} (any case) is on; {@code false/0/no/off}, empty or unset is off;
     * anything else neither. Surrounding whitespace does not count. These are the dyno-start rules
     * the profile script and the exec.d program follow too (lib/start-rules.sh), all three tested
     * against test/fixtures/start-rules.tsv.
     */
    static Switch parse(String value) {
      if (value == null) {
        return OFF;
      }
      switch (stripSpace(value).toLowerCase(Locale.ROOT)) {
        case "true":
        case "1":
        case "yes":
        case "on":
          return ON;
        case "false":
        case "0":
        case "no":
        case "off":
        case "":
          return OFF;
        default:
          return NEITHER;
      }
    }

    /**
     * {@code value} without surrounding space, tab, newline, vertical tab, form feed and carriage
     * return: exactly what the shell's {@code [[:space:]]} strips in the scripts. Not {@link
     * String#trim}, which strips every control character too, so that a value the scripts treat as
     * a mistake (and add the agent for) were silently an opt-out here.
     */
    private static String stripSpace(String value) {
      int start = 0;
      int end = value.length();
      while (start < end && isSpace(value.charAt(start))) {
        start++;
      }
      while (end > start && isSpace(value.charAt(end - 1))) {
        end--;
      }
      return value.substring(start, end);
    }

    private static boolean isSpace(char c) {
      return c == ' ' || (c >= '\t' && c <= '\r');
    }
  }
}
