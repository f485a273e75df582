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
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The standard OpenTelemetry variables, their precedence, defaults, and one line per mistake. */
class OtlpSettingsTest {
  private static final String BASE = "OTEL_EXPORTER_OTLP_ENDPOINT";
  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
  private final Log log = new Log(new PrintStream(logged, true));

  private static Map<String, String> env(String... keyValues) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      env.put(keyValues[i], keyValues[i + 1]);
    }
    return env;
  }

  private OtlpSettings read(String... keyValues) {
    return OtlpSettings.fromEnvironment(env(keyValues), log);
  }

  private String logged() {
    return new String(logged.toByteArray(), StandardCharsets.UTF_8);
  }

  /** The log is exactly one agent line at {@code level} and contains {@code text}. */
  private void assertOneLine(String level, String text) {
    String log = logged();
    assertTrue(log.startsWith("at=" + level + " component=jvm-metrics-agent "), log);
    assertEquals(1, log.split("\n", -1).length - 1, "one line: " + log);
    assertTrue(log.contains(text), log);
  }

  @Test
  void noEndpointMeansNoExportAndSilence() {
    assertNull(read());
    assertNull(read(BASE, " "));
    assertEquals("", logged());
  }

  @Test
  void theSpecificationsDefaults() {
    OtlpSettings otlp = read(BASE, "https://otlp.example.com");
    assertNotNull(otlp);
    assertEquals("/v1/metrics", otlp.endpoint.requestTarget);
    assertFalse(otlp.json);
    assertFalse(otlp.delta);
    assertFalse(otlp.gzip);
    assertEquals(60_000, otlp.intervalMillis);
    assertEquals(10_000, otlp.timeoutMillis);
    assertTrue(otlp.headers.isEmpty());
    assertEquals("", logged());
  }

  @Test
  void theGeneralEndpointGetsThePathAndTheMetricsOneIsUsedAsIs() {
    assertEquals("/base/v1/metrics", read(BASE, "http://c:4318/base/").endpoint.requestTarget);
    assertEquals("/base/v1/metrics", read(BASE, "http://c:4318/base").endpoint.requestTarget);
    OtlpSettings otlp =
        read(
            BASE,
            "http://general:4318",
            "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT",
            "http://metrics:9000/opentelemetry/api/v1/push");
    assertEquals("metrics:9000", otlp.endpoint.hostHeader);
    assertEquals("/opentelemetry/api/v1/push", otlp.endpoint.requestTarget);
  }

  @Test
  void perSignalVariablesWinOverGeneralOnes() {
    OtlpSettings otlp =
        read(
            BASE,
            "http://c:4318",
            "OTEL_EXPORTER_OTLP_PROTOCOL",
            "grpc",
            "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL",
            "http/json",
            "OTEL_EXPORTER_OTLP_TIMEOUT",
            "abc",
            "OTEL_EXPORTER_OTLP_METRICS_TIMEOUT",
            "2500",
            "OTEL_EXPORTER_OTLP_COMPRESSION",
            "none",
            "OTEL_EXPORTER_OTLP_METRICS_COMPRESSION",
            "gzip",
            "OTEL_EXPORTER_OTLP_HEADERS",
            "general=1",
            "OTEL_EXPORTER_OTLP_METRICS_HEADERS",
            "metrics=2");
    assertTrue(otlp.json);
    assertEquals(2_500, otlp.timeoutMillis);
    assertTrue(otlp.gzip);
    assertEquals(java.util.Collections.singletonMap("metrics", "2"), otlp.headers);
    assertEquals("", logged());
  }

  @Test
  void readsIntervalAndDeltaTemporality() {
    OtlpSettings otlp =
        read(
            BASE,
            "http://c:4318",
            "OTEL_METRIC_EXPORT_INTERVAL",
            "15000",
            "OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE",
            "Delta");
    assertEquals(15_000, otlp.intervalMillis);
    assertTrue(otlp.delta);
    assertEquals("", logged());
  }

  @Test
  void headersArePercentDecodedInOrderAndTheirValuesNeverLogged() {
    OtlpSettings otlp =
        read(
            BASE,
            "http://c:4318",
            "OTEL_EXPORTER_OTLP_HEADERS",
            " Authorization = Basic%20dXNlcjpzM2NyZXQ= ,x-scope=tenant%2C1,,"
                + "broken,bad key=s3cretA,Host=h,x-bad=%zzs3cretB,x-ctl=%0As3cretC");
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("Authorization", "Basic dXNlcjpzM2NyZXQ=");
    expected.put("x-scope", "tenant,1");
    assertEquals(expected, otlp.headers);
    String log = logged();
    assertEquals(5, log.split("\n", -1).length - 1, log);
    assertFalse(log.contains("s3cret"), log);
    assertFalse(log.contains("dXNlcjpzM2NyZXQ"), log);
    assertTrue(log.contains("OTEL_EXPORTER_OTLP_HEADERS entry 4 is skipped: it has no ="), log);
    assertTrue(log.contains("key=x-bad"), log);
  }

  @Test
  void grpcIsOneLineSayingWhatToSetAndNoExport() {
    assertNull(read(BASE, "http://c:4317", "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"));
    assertOneLine("error", "OTEL_EXPORTER_OTLP_PROTOCOL=grpc is not supported");
    assertTrue(logged().contains("http/protobuf"));
  }

  @Test
  void anUnknownProtocolIsOneLineAndNoExport() {
    assertNull(read(BASE, "http://c:4318", "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL", "thrift"));
    assertOneLine("error", "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL must be http/protobuf");
  }

  @Test
  void aBadEndpointIsOneLineThatNeverShowsItsSecrets() {
    assertNull(read(BASE, "ftp://user:s3cret@c:4318"));
    assertOneLine("error", "OTEL_EXPORTER_OTLP_ENDPOINT must be an http:// or https:// URL");
    assertFalse(logged().contains("s3cret"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "OTEL_METRIC_EXPORT_INTERVAL=5s",
        "OTEL_METRIC_EXPORT_INTERVAL=99",
        "OTEL_EXPORTER_OTLP_TIMEOUT=0",
        "OTEL_EXPORTER_OTLP_COMPRESSION=brotli",
        "OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE=lowmemory",
        "OTEL_SDK_DISABLED=maybe",
        "OTEL_RESOURCE_ATTRIBUTES=team"
      })
  void anyOtherBadValueIsOneWarningAndTheDefault(String setting) {
    int equals = setting.indexOf('=');
    OtlpSettings otlp =
        read(BASE, "http://c:4318", setting.substring(0, equals), setting.substring(equals + 1));
    assertNotNull(otlp);
    assertOneLine("warn", setting.substring(0, equals));
    assertEquals(60_000, otlp.intervalMillis);
    assertEquals(10_000, otlp.timeoutMillis);
    assertFalse(otlp.gzip);
    assertFalse(otlp.delta);
  }

  @Test
  void theOffSwitchesTurnExportOffSilently() {
    assertNull(read(BASE, "http://c:4318", "OTEL_SDK_DISABLED", "TRUE"));
    assertNull(read(BASE, "http://c:4318", "OTEL_METRICS_EXPORTER", "none"));
    assertEquals("", logged());
    assertNotNull(read(BASE, "http://c:4318", "OTEL_SDK_DISABLED", "false"));
    assertNotNull(read(BASE, "http://c:4318", "OTEL_METRICS_EXPORTER", "prometheus, otlp"));
    assertEquals("", logged());
  }

  @Test
  void anExporterListWithoutOtlpIsOneLineAndNoExport() {
    assertNull(read(BASE, "http://c:4318", "OTEL_METRICS_EXPORTER", "prometheus"));
    assertOneLine("warn", "OTEL_METRICS_EXPORTER does not list otlp");
  }

  @Test
  void eitherDestinationAloneOrBothStartTheAgent() {
    Settings otlpOnly = Settings.fromEnvironment(env(BASE, "http://c:4318"), log);
    assertNull(otlpOnly.endpoint);
    assertEquals("c:4318", otlpOnly.lockEndpoint().hostHeader);
    Settings both =
        Settings.fromEnvironment(
            env(BASE, "http://c:4318", "HEROKU_METRICS_URL", "http://h/"), log);
    assertNotNull(both.otlp);
    assertEquals("h", both.lockEndpoint().hostHeader);
    assertEquals("", logged());
  }

  @Test
  void aBadHerokuUrlLeavesOtlpExportAlone() {
    Settings settings =
        Settings.fromEnvironment(env(BASE, "http://c:4318", "HEROKU_METRICS_URL", "ftp://h/"), log);
    assertNotNull(settings.otlp);
    assertNull(settings.endpoint);
    assertOneLine("error", "OTLP export is not affected");
  }

  @Test
  void aBadOtlpEndpointLeavesHerokuAlone() {
    Settings settings =
        Settings.fromEnvironment(env(BASE, "mailto:x", "HEROKU_METRICS_URL", "http://h/"), log);
    assertNotNull(settings.endpoint);
    assertNull(settings.otlp);
    assertOneLine("error", "OTEL_EXPORTER_OTLP_ENDPOINT");
  }

  @Test
  void theOptOutTurnsOffBoth() {
    assertNull(
        Settings.fromEnvironment(
            env(BASE, "http://c:4318", "DISABLE_HEROKU_METRICS_AGENT", "true"), log));
    assertEquals("", logged());
  }

  @Test
  void theFirstReportIsDueAtTheShorterInterval() {
    assertEquals(60_000, Settings.intervalOrDefault(env(BASE, "http://c")));
    assertEquals(
        5_000, Settings.intervalOrDefault(env(BASE, "http://c", "HEROKU_METRICS_URL", "http://h")));
    assertEquals(
        2_000,
        Settings.intervalOrDefault(
            env(
                BASE,
                "http://c",
                "OTEL_METRIC_EXPORT_INTERVAL",
                "2000",
                "HEROKU_METRICS_URL",
                "x")));
    assertEquals(5_000, Settings.intervalOrDefault(env()));
  }
}
