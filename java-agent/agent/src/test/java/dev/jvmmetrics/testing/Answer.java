package dev.jvmmetrics.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/** How {@link LoopbackEndpoint} answers one request. Build with the static factories. */
public final class Answer {
  /** The ways of answering (or not). */
  public enum Kind {
    /** A complete response with {@link #status}, {@link #headers} and {@link #body}. */
    RESPOND,
    /** Reads the request, then never answers; holds the connection until the client closes it. */
    HANG,
    /** Answers 200 after {@link #delayMillis}, if the client is still waiting by then. */
    SLOW,
    /** Sends a 200 one byte every {@link #delayMillis}, for as long as the client listens. */
    DRIP,
    /** Sends part of a status line, then resets the connection. */
    RESET_IN_HEAD,
    /** Sends a complete 200 head and part of its body, then resets the connection. */
    RESET_IN_BODY,
    /** Sends bytes that are not HTTP, then closes. */
    GARBAGE,
    /** Closes the connection without a word. */
    CLOSE
  }

  public final Kind kind;
  public final int status;
  public final Map<String, String> headers;
  public final String body;
  public final long delayMillis;
  public final boolean chunked;

  /** Close the connection after responding, without saying so in a header. */
  public final boolean closeAfter;

  private Answer(
      Kind kind,
      int status,
      Map<String, String> headers,
      String body,
      long delayMillis,
      boolean chunked,
      boolean closeAfter) {
    this.kind = kind;
    this.status = status;
    this.headers = headers;
    this.body = body;
    this.delayMillis = delayMillis;
    this.chunked = chunked;
    this.closeAfter = closeAfter;
  }

  public static Answer ok() {
    return status(200);
  }

  public static Answer status(int status, String... headerNamesAndValues) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 0; i + 1 < headerNamesAndValues.length; i += 2) {
      headers.put(headerNamesAndValues[i], headerNamesAndValues[i + 1]);
    }
    return new Answer(Kind.RESPOND, status, headers, "ok\n", 0, false, false);
  }

  /** A 200 whose body comes in chunked coding. */
  public static Answer chunked(String body) {
    return new Answer(Kind.RESPOND, 200, new LinkedHashMap<>(), body, 0, true, false);
  }

  /** The same answer with another body. */
  public Answer body(String newBody) {
    return new Answer(kind, status, headers, newBody, delayMillis, chunked, closeAfter);
  }

  /** A 200, after which the server closes the connection without a {@code Connection} header. */
  public static Answer okThenClose() {
    return new Answer(Kind.RESPOND, 200, new LinkedHashMap<>(), "ok\n", 0, false, true);
  }

  public static Answer redirect(String location) {
    return status(302, "Location", location);
  }

  public static Answer hang() {
    return of(Kind.HANG, 0);
  }

  public static Answer slow(long delayMillis) {
    return of(Kind.SLOW, delayMillis);
  }

  public static Answer drip(long millisPerByte) {
    return of(Kind.DRIP, millisPerByte);
  }

  public static Answer resetInHead() {
    return of(Kind.RESET_IN_HEAD, 0);
  }

  public static Answer resetInBody() {
    return of(Kind.RESET_IN_BODY, 0);
  }

  public static Answer garbage() {
    return of(Kind.GARBAGE, 0);
  }

  public static Answer close() {
    return of(Kind.CLOSE, 0);
  }

  private static Answer of(Kind kind, long delayMillis) {
    return new Answer(kind, 0, new LinkedHashMap<>(), "", delayMillis, false, false);
  }

  @Override
  public String toString() {
    return kind == Kind.RESPOND ? "HTTP " + status : kind.toString();
  }
}
