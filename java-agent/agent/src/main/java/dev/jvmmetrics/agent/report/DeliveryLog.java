package dev.jvmmetrics.agent.report;

import dev.jvmmetrics.agent.Endpoint;
import dev.jvmmetrics.agent.Log;

/**
 * What the reporter says about its reports: one line when reports start failing, one when they get
 * through again (with how many failed and for how long), one when the endpoint refuses a payload;
 * and with {@code HEROKU_METRICS_DEBUG=true} one debug line per report. The endpoint is only ever
 * shown {@link Endpoint#redacted() redacted}.
 */
public final class DeliveryLog {
  private final Log log;
  private final Endpoint endpoint;
  private int failedReports;
  private long failingSinceMillis;
  private int refusedStatus;

  /** The receiver's reason at the last partial success that was logged. */
  private String partialMessage;

  public DeliveryLog(Log log, Endpoint endpoint) {
    this.log = log;
    this.endpoint = endpoint;
  }

  void delivered(int status, int bytes, long elapsedMillis) {
    refusedStatus = 0;
    if (failedReports > 0) {
      log.info(
          "reports delivered again; counts from the outage included",
          "failed_reports",
          failedReports,
          "outage",
          seconds(System.currentTimeMillis() - failingSinceMillis));
      failedReports = 0;
    }
    log.debug("report delivered", "status", status, "bytes", bytes, "ms", elapsedMillis);
  }

  /**
   * After a delivery: what an OTLP receiver said it rejected, or {@code null} when it took it all.
   * Said once per reason (a receiver that rejects the same series every time is one problem, not
   * one per export); the data points are not sent again.
   */
  void partialSuccess(PartialSuccess partial) {
    if (partial == null) {
      return;
    }
    if (!partial.errorMessage.equals(partialMessage)) {
      partialMessage = partial.errorMessage;
      log.warn(
          "the receiver accepted the export but rejected part of it; the rejected data points are"
              + " not sent again",
          "rejected_data_points",
          partial.rejectedDataPoints,
          "receiver_says",
          partial.errorMessage,
          "endpoint",
          endpoint.redacted());
    }
    log.debug("export partly rejected", "rejected_data_points", partial.rejectedDataPoints);
  }

  void failed(String reason, long retryInMillis) {
    if (failedReports++ == 0) {
      failingSinceMillis = System.currentTimeMillis();
      log.warn(
          "report failed; retrying with backoff, counts are kept for the next delivery",
          "endpoint",
          endpoint.redacted(),
          "reason",
          reason);
    }
    log.debug("report failed", "reason", reason, "retry_in_ms", retryInMillis);
  }

  void refused(int status, int bytes) {
    if (status != refusedStatus) {
      refusedStatus = status;
      log.warn(
          "endpoint refused a report; it is dropped and reporting carries on",
          "status",
          status,
          "endpoint",
          endpoint.redacted());
    }
    log.debug("report refused", "status", status, "bytes", bytes);
  }

  void finalReportFailed(String reason) {
    log.warn(
        "the last report before exit was not delivered; counts since the last delivery are lost",
        "endpoint",
        endpoint.redacted(),
        "reason",
        reason);
  }

  /** {@code 1234} → {@code 1.2s}. */
  static String seconds(long millis) {
    long tenths = Math.max(0, millis) / 100;
    return tenths / 10 + "." + tenths % 10 + "s";
  }
}
