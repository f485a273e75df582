package dev.jvmmetrics.preview.ingest;

/**
 * A report the endpoint refuses: the HTTP status to answer and a one-line reason that says what to
 * do. Never leaves the endpoint: it becomes the response.
 */
public final class BadReport extends Exception {
  private static final long serialVersionUID = 1L;

  private final int status;

  BadReport(int status, String reason) {
    super(reason, null, false, false);
    this.status = status;
  }

  public static BadReport badRequest(String reason) {
    return new BadReport(400, reason);
  }

  static BadReport methodNotAllowed(String method) {
    return new BadReport(
        405,
        DynoName.printable(method) + " is not accepted here: POST each report to /dynos/TYPE.N");
  }

  static BadReport tooLarge(int limit) {
    return new BadReport(
        413,
        "the body is larger than "
            + limit / 1024
            + " KB: a report is a JSON object of a few hundred bytes");
  }

  static BadReport formationFull(int maxDynos) {
    return new BadReport(
        429,
        "the preview already holds "
            + maxDynos
            + " dynos, its bound for this --window and --period: stop one for the window's length, or"
            + " restart the preview with a larger --max-dynos (a shorter --window or a longer --period"
            + " makes room for more)");
  }

  public int status() {
    return status;
  }

  public String reason() {
    return getMessage();
  }
}
