package dev.jvmmetrics.agent.report;

/** What one destination sends: the Heroku JSON report, or an OTLP export. */
public interface Payload {
  /** Reads the JVM now and writes the next body (into a buffer the payload reuses). */
  Body write(long nowEpochMillis) throws java.io.IOException;

  /** The last body written was delivered (2xx) or refused for good: what it counted is spent. */
  void commit();

  /** The Content-Type header of this payload's bodies. */
  String contentType();

  /**
   * What the receiver's 2xx answer to the last body says it rejected, or null: an OTLP receiver may
   * accept an export only in part, in the payload's own encoding. A payload whose receiver never
   * answers so (Heroku's) returns null without reading {@code answer}.
   */
  PartialSuccess partialSuccess(byte[] answer);

  /** After the last report: let go of what the payload holds (GC listeners). Never throws. */
  void close();

  /** The body of one report: {@code bytes()[0..length())}. */
  interface Body {
    byte[] bytes();

    int length();
  }
}
