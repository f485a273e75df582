package dev.jvmmetrics.agent;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * The metrics endpoint: an http or https URL whose user-info, path and query may hold secrets, so
 * only {@link #redacted()} ever reaches a log and only {@link #fingerprint()} reaches a file name.
 */
public final class Endpoint {
  public final boolean https;

  /** The host as a resolver takes it (an IPv6 literal without brackets). */
  public final String host;

  /** The port to connect to, the scheme's default filled in. */
  public final int port;

  /** The {@code Host} header: host as written, and the port only when the URL names one. */
  public final String hostHeader;

  /** The path and query exactly as written; {@code /} when the URL has no path. */
  public final String requestTarget;

  /** A {@code Basic} credential from the URL's user-info, or {@code null}. */
  public final String authorization;

  private final String text;
  private final String redacted;

  private Endpoint(URI uri, String text, String scheme) {
    this.text = text;
    this.https = scheme.equals("https");
    String uriHost = uri.getHost();
    this.host = uriHost.startsWith("[") ? uriHost.substring(1, uriHost.length() - 1) : uriHost;
    this.port = uri.getPort() != -1 ? uri.getPort() : https ? 443 : 80;
    this.hostHeader = uriHost + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    // The request line is ASCII: any other character in the path or query goes percent-encoded.
    URI ascii = URI.create(uri.toASCIIString());
    String path =
        ascii.getRawPath() == null || ascii.getRawPath().isEmpty() ? "/" : ascii.getRawPath();
    this.requestTarget = ascii.getRawQuery() == null ? path : path + "?" + ascii.getRawQuery();
    String userInfo = uri.getUserInfo();
    this.authorization =
        userInfo == null
            ? null
            : "Basic "
                + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    this.redacted = scheme + "://" + hostHeader;
  }

  /**
   * Checks and parses an endpoint URL.
   *
   * @throws IllegalArgumentException with a message that completes "HEROKU_METRICS_URL ..." and
   *     never repeats the URL's secret parts
   */
  public static Endpoint parse(String text) {
    String trimmed = text.trim();
    URI uri;
    try {
      uri = new URI(trimmed);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "is not a valid URL (" + e.getReason() + "); set it to an http:// or https:// URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      String shown = scheme.isEmpty() ? "no scheme" : "scheme " + scheme + ":";
      throw new IllegalArgumentException(
          "must be an http:// or https:// URL, not one with " + shown);
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException(
          "has no host name, or a port that is not a number; set it to http(s)://host[:port]/path");
    }
    int port = uri.getPort();
    if (port == 0 || port > 65_535) {
      throw new IllegalArgumentException("has port " + port + "; use a port from 1 to 65535");
    }
    return new Endpoint(uri, trimmed, scheme);
  }

  /** The scheme, host and port only: safe to log. */
  public String redacted() {
    return redacted;
  }

  /**
   * A name for this endpoint that is safe to show and to use in a file name, so that JVMs reporting
   * to the same URL agree on one lock file and JVMs reporting to different URLs do not: 16 hex
   * digits of the 64-bit FNV-1a hash of the whole URL.
   *
   * <p>Not a cryptographic digest, on purpose: loading {@code MessageDigest} pulls in the security
   * providers, a cost every JVM of the dyno would pay. Nothing here needs one. The name is read
   * only by this user, and 64 bits cannot give back a URL whose secret alone is longer than that;
   * someone who already holds the URL can recognise its name, as with any digest.
   */
  public String fingerprint() {
    long hash = 0xcbf29ce484222325L; // FNV-1a's 64-bit offset basis
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    for (byte b : bytes) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L; // FNV's 64-bit prime
    }
    StringBuilder hex = new StringBuilder(Long.toHexString(hash));
    while (hex.length() < 16) {
      hex.insert(0, '0');
    }
    return hex.toString();
  }

  @Override
  public String toString() {
    return redacted;
  }
}
