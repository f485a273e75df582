package dev.jvmmetrics.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** What the HTTP client takes from the URL, and what may be shown of it. */
class EndpointTest {
  @Test
  void splitsTheUrlForTheRequest() {
    Endpoint endpoint = Endpoint.parse("https://u:p%40ss@metrics.example.com/v1/abc?token=s3cret");
    assertTrue(endpoint.https);
    assertEquals("metrics.example.com", endpoint.host);
    assertEquals(443, endpoint.port);
    assertEquals("metrics.example.com", endpoint.hostHeader);
    assertEquals("/v1/abc?token=s3cret", endpoint.requestTarget);
    String credentials = endpoint.authorization.substring("Basic ".length());
    assertEquals(
        "u:p@ss", new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8));
    assertEquals("https://metrics.example.com", endpoint.redacted());
    assertEquals("https://metrics.example.com", endpoint.toString());
  }

  @Test
  void fillsInDefaultsAndKeepsExplicitPorts() {
    Endpoint plain = Endpoint.parse("http://127.0.0.1:8080");
    assertFalse(plain.https);
    assertEquals(8080, plain.port);
    assertEquals("127.0.0.1:8080", plain.hostHeader);
    assertEquals("/", plain.requestTarget);
    assertNull(plain.authorization);
    assertEquals(80, Endpoint.parse("HTTP://example.com/x").port);
  }

  @Test
  void handlesIpv6Literals() {
    Endpoint endpoint = Endpoint.parse("http://[::1]:9000/m");
    assertEquals("::1", endpoint.host);
    assertEquals("[::1]:9000", endpoint.hostHeader);
  }

  @Test
  void percentEncodesAnyNonAsciiInTheRequestTarget() {
    assertEquals("/caf%C3%A9?q=%C3%A9", Endpoint.parse("http://h/café?q=é").requestTarget);
  }

  @Test
  void theFingerprintIsStableAndRevealsNothing() {
    Endpoint endpoint = Endpoint.parse("https://h/v1/s3cret");
    assertEquals(endpoint.fingerprint(), Endpoint.parse("https://h/v1/s3cret").fingerprint());
    assertNotEquals(endpoint.fingerprint(), Endpoint.parse("https://h/v1/other").fingerprint());
    assertTrue(endpoint.fingerprint().matches("[0-9a-f]{16}"));
    // FNV-1a, 64 bits, of the URL's UTF-8 bytes (worked out independently of this code): no
    // cryptographic digest, whose providers would load in every JVM of the dyno.
    assertEquals("ad9afcb785aa9cdd", endpoint.fingerprint());
  }
}
