package dev.jvmmetrics.preview.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Checks a report's {@code Measurements-Time} header: present, RFC 3339, and neither stale nor in
 * the future against this machine's clock, as Heroku's endpoint refuses a stale report.
 */
public final class MeasurementsTime {
  /** Older than this is stale: a report is stamped when it is made, also when it is retried. */
  public static final Duration STALE_AFTER = Duration.ofMinutes(2);

  /** Further ahead than this is a clock that is wrong, not a report to chart. */
  public static final Duration FUTURE_LIMIT = Duration.ofMinutes(1);

  private final Clock clock;

  public MeasurementsTime(Clock clock) {
    this.clock = clock;
  }

  public Instant check(String header) throws BadReport {
    if (header == null || header.isBlank()) {
      throw BadReport.badRequest(
          "the Measurements-Time header is missing: send the report's time as RFC 3339, e.g. 2026-12-01T19:42:08Z");
    }
    Instant time;
    try {
      time = OffsetDateTime.parse(header.trim()).toInstant();
    } catch (DateTimeParseException e) {
      throw BadReport.badRequest(
          "Measurements-Time '"
              + DynoName.printable(header)
              + "' is not RFC 3339: send e.g. 2026-12-01T19:42:08Z");
    }
    Instant now = clock.instant();
    Duration age = Duration.between(time, now);
    if (age.compareTo(STALE_AFTER) > 0) {
      throw BadReport.badRequest(
          "Measurements-Time "
              + header.trim()
              + " is stale ("
              + age.toSeconds()
              + " s old, the limit is "
              + STALE_AFTER.toSeconds()
              + " s): stamp each report when it is made");
    }
    if (age.negated().compareTo(FUTURE_LIMIT) > 0) {
      throw BadReport.badRequest(
          "Measurements-Time "
              + header.trim()
              + " is "
              + age.negated().toSeconds()
              + " s in the future: check the sender's clock");
    }
    return time;
  }
}
