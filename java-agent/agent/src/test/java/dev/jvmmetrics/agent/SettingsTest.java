package dev.jvmmetrics.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SettingsTest {
  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
  private final Log log = new Log(new PrintStream(logged, true));

  private Settings read(String... keyValues) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      env.put(keyValues[i], keyValues[i + 1]);
    }
    return Settings.fromEnvironment(env, log);
  }

  private String logged() {
    return new String(logged.toByteArray(), StandardCharsets.UTF_8);
  }

  private long lines() {
    return logged().chars().filter(c -> c == '\n').count();
  }

  @Test
  void noUrlMeansIdleAndSilent() {
    assertNull(read());
    assertNull(read("HEROKU_METRICS_URL", ""));
    assertEquals("", logged());
  }

  @Test
  void defaultsToFiveSecondsWithoutDebug() {
    Settings settings =
        read("HEROKU_METRICS_URL", "https://metrics.example.com/v1/abc?token=s3cret");
    assertNotNull(settings);
    assertEquals(5_000, settings.intervalMillis);
    assertFalse(settings.debug);
    assertEquals("https://metrics.example.com", settings.endpoint.redacted());
    assertEquals("", logged());
  }

  @Test
  void readsIntervalAndDebug() {
    Settings settings =
        read(
            "HEROKU_METRICS_URL", "http://127.0.0.1:8080/",
            "HEROKU_METRICS_INTERVAL", "250ms",
            "HEROKU_METRICS_DEBUG", "TRUE");
    assertEquals(250, settings.intervalMillis);
    assertTrue(settings.debug);
  }

  @ParameterizedTest
  @ValueSource(strings = {"5 s", "fast", "50ms", "2h", "-1", "1.5s", "99999999999s"})
  void badIntervalWarnsOnceAndUsesTheDefault(String interval) {
    Settings settings =
        read("HEROKU_METRICS_URL", "http://localhost/", "HEROKU_METRICS_INTERVAL", interval);
    assertEquals(5_000, settings.intervalMillis);
    assertEquals(1, lines(), logged());
    assertTrue(logged().startsWith("at=warn component=jvm-metrics-agent"), logged());
    assertTrue(logged().contains("HEROKU_METRICS_INTERVAL"), logged());
    assertTrue(logged().contains("reporting every 5s instead"), logged());
  }

  @ParameterizedTest
  @ValueSource(strings = {"true", "1", "yes", "ON", " True "})
  void trueishDisableSwitchIdlesSilently(String value) {
    assertNull(
        read("HEROKU_METRICS_URL", "http://localhost/", "DISABLE_HEROKU_METRICS_AGENT", value));
    assertEquals("", logged());
  }

  @ParameterizedTest
  @ValueSource(strings = {"false", "0", "no", "OFF", ""})
  void falseishDisableSwitchKeepsReporting(String value) {
    assertNotNull(
        read("HEROKU_METRICS_URL", "http://localhost/", "DISABLE_HEROKU_METRICS_AGENT", value));
    assertEquals("", logged());
  }

  @Test
  void unrecognisedDisableValueIsExplainedAndIdles() {
    assertNull(
        read("HEROKU_METRICS_URL", "http://localhost/", "DISABLE_HEROKU_METRICS_AGENT", "maybe"));
    assertEquals(1, lines(), logged());
    assertTrue(logged().startsWith("at=error"), logged());
    assertTrue(logged().contains("DISABLE_HEROKU_METRICS_AGENT"), logged());
    assertTrue(logged().contains("value=maybe"), logged());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "file:///etc/passwd",
        "ftp://example.com/x",
        "jar:file:/x.jar!/",
        "localhost:8080",
        "http://",
        "http:///path-only",
        "http://host:99999/",
        "http://host:port/",
        "http://exa mple.com/",
        "http://:8080/metrics",
        "https://example.com:0/",
        "mailto:ops@example.com",
        "//example.com/no-scheme"
      })
  void badUrlIsOneClearLineAndIdles(String url) {
    assertNull(read("HEROKU_METRICS_URL", url));
    assertEquals(1, lines(), logged());
    assertTrue(logged().startsWith("at=error component=jvm-metrics-agent"), logged());
    assertTrue(logged().contains("HEROKU_METRICS_URL"), logged());
  }

  @Test
  void badUrlMessageNeverShowsItsSecretParts() {
    assertNull(read("HEROKU_METRICS_URL", "ftp://user:hunter2@example.com/tok3n?key=s3cret"));
    assertFalse(logged().contains("hunter2"), logged());
    assertFalse(logged().contains("tok3n"), logged());
    assertFalse(logged().contains("s3cret"), logged());
  }
}
