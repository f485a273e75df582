package dev.jvmmetrics.agent.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HttpConnectionTest {
  @Test
  void tellsIpLiteralsFromHostNames() {
    assertTrue(HttpConnection.isIpLiteral("::1"));
    assertTrue(HttpConnection.isIpLiteral("10.1.2.3"));
    assertFalse(HttpConnection.isIpLiteral("metrics.example.com"));
  }
}
