package dev.jvmmetrics.preview;

import dev.jvmmetrics.preview.aggregate.Formation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The preview's command line. Every mistake is one line that says what to write instead. */
record Options(
    int port,
    Path portFile,
    Duration period,
    Duration window,
    Duration summaryEvery,
    Duration stopAfter,
    int maxDynos) {
  static final String USAGE =
      "usage: java -jar jvm-metrics-preview.jar [--port N (0: a free port)] [--port-file FILE]"
          + " [--period 5s] [--window 1h] [--summary-every 10s (0: off)] [--stop-after 0 (0: never)]"
          + " [--max-dynos 100]";

  /** The most periods one process type holds: the bound on memory per dyno. */
  static final int MAX_PERIODS = 3600;

  /** Dynos held when --max-dynos is not given, if the memory bound allows that many. */
  static final int DEFAULT_MAX_DYNOS = 100;

  private static final Pattern DURATION = Pattern.compile("([0-9]{1,7})(ms|s|m|h)");

  static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;

    Invalid(String message) {
      super(message);
    }
  }

  static Options parse(String... args) throws Invalid {
    int port = 0;
    Path portFile = null;
    Duration period = Duration.ofSeconds(5);
    Duration window = Duration.ofHours(1);
    Duration summaryEvery = Duration.ofSeconds(10);
    Duration stopAfter = Duration.ZERO;
    int maxDynos = 0; // Not given: as many as the memory bound allows, up to the default.
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (option.equals("--help") || option.equals("-h")) {
        throw new Invalid(USAGE);
      }
      if (i + 1 >= args.length) {
        throw new Invalid(
            option
                + (option.startsWith("--") ? " needs a value" : " is not an option")
                + "; "
                + USAGE);
      }
      String value = args[++i];
      switch (option) {
        case "--port" -> port = integer(option, value, 0, 65535);
        case "--port-file" -> portFile = Path.of(value);
        case "--period" -> period = duration(option, value);
        case "--window" -> window = duration(option, value);
        case "--summary-every" -> summaryEvery = duration(option, value);
        case "--stop-after" -> stopAfter = duration(option, value);
        case "--max-dynos" -> maxDynos = integer(option, value, 1, 10_000);
        default -> throw new Invalid("unknown option " + option + "; " + USAGE);
      }
    }
    if (period.compareTo(Duration.ofMillis(100)) < 0 || period.compareTo(Duration.ofHours(1)) > 0) {
      throw new Invalid("--period must be from 100ms to 1h (the agent reports every 100ms to 1h)");
    }
    if (window.compareTo(period) < 0) {
      throw new Invalid("--window must be at least one --period");
    }
    if (window.toMillis() / period.toMillis() > MAX_PERIODS) {
      throw new Invalid(
          "--window holds at most "
              + MAX_PERIODS
              + " periods: make it shorter or the --period longer");
    }
    long periods = window.toMillis() / period.toMillis();
    long fit = Formation.MAX_DYNO_PERIODS / periods;
    if (maxDynos == 0) {
      maxDynos = (int) Math.min(DEFAULT_MAX_DYNOS, fit);
    } else if (maxDynos > fit) {
      throw new Invalid(
          "--max-dynos "
              + maxDynos
              + " with "
              + periods
              + " periods (--window ÷ --period) is "
              + maxDynos * periods
              + " dyno-periods, over the preview's bound of "
              + Formation.MAX_DYNO_PERIODS
              + " (about "
              + Formation.MAX_DYNO_PERIODS * Formation.BYTES_PER_DYNO_PERIOD / 1_000_000
              + " MB): fewer dynos, a shorter --window or a longer --period");
    }
    return new Options(port, portFile, period, window, summaryEvery, stopAfter, maxDynos);
  }

  private static int integer(String option, String value, int min, int max) throws Invalid {
    try {
      int number = Integer.parseInt(value);
      if (number >= min && number <= max) {
        return number;
      }
    } catch (NumberFormatException e) {
      // Explained below.
    }
    throw new Invalid(
        option + " takes a whole number from " + min + " to " + max + ", not '" + value + "'");
  }

  static Duration duration(String option, String value) throws Invalid {
    if (value.equals("0")) {
      return Duration.ZERO;
    }
    Matcher match = DURATION.matcher(value);
    if (!match.matches()) {
      throw new Invalid(
          option + " takes a duration such as 500ms, 5s, 1m or 1h, not '" + value + "'");
    }
    long amount = Long.parseLong(match.group(1));
    return switch (match.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      default -> Duration.ofHours(amount);
    };
  }
}
