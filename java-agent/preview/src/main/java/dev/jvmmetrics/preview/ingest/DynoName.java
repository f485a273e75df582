package dev.jvmmetrics.preview.ingest;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dyno's name as Heroku writes it in {@code DYNO} and in the per-dyno metrics URL: a process
 * type, a dot and a number ({@code web.1}, {@code worker.12}). The process type is what Heroku
 * aggregates over.
 */
public record DynoName(String processType, int number) {
  // Procfile process types are letters, digits, '_' and '-'; Heroku caps names at 63 characters.
  private static final Pattern SHAPE =
      Pattern.compile("([A-Za-z0-9][A-Za-z0-9_-]{0,62})\\.([1-9][0-9]{0,4})");

  /**
   * Parses {@code web.1}; anything else is a {@link BadReport} that says what a name looks like.
   */
  public static DynoName parse(String text) throws BadReport {
    Matcher match = SHAPE.matcher(text);
    if (!match.matches()) {
      throw BadReport.badRequest(
          "'" + printable(text) + "' is not a dyno name: post to /dynos/TYPE.N, e.g. /dynos/web.1");
    }
    if (match.group(1).equals("run")) {
      // Heroku charts the formation; one-off dynos (heroku run) never report, and the agent skips
      // them.
      throw BadReport.badRequest(
          "'"
              + text
              + "' is a one-off dyno, which Heroku does not chart: use a process type such as web.1");
    }
    return new DynoName(match.group(1), Integer.parseInt(match.group(2)));
  }

  @Override
  public String toString() {
    return processType + "." + number;
  }

  /** A name from a URL, shortened and stripped of control characters, to quote in one line. */
  static String printable(String text) {
    String clean = text.replaceAll("\\p{Cntrl}", "?");
    return clean.length() <= 80 ? clean : clean.substring(0, 77) + "...";
  }
}
