package dev.jvmmetrics.agent;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
   * A name for this endpoint that is safe to show and to use in a file name: the first 16 hex
   * digits of the SHA-256 of the whole URL, so two JVMs agree on it and nobody can read the URL's
   * secret back from it.
   */
  public String fingerprint() {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder(16);
      for (int i = 0; i < 8; i++) {
        hex.append(Character.forDigit((digest[i] >> 4) & 0xf, 16));
        hex.append(Character.forDigit(digest[i] & 0xf, 16));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return redacted;
  }
}
