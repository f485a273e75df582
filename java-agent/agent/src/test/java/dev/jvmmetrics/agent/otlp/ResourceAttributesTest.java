package dev.jvmmetrics.agent.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResourceAttributesTest {
  private static Map<String, String> env(String... keyValues) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      env.put(keyValues[i], keyValues[i + 1]);
    }
    return env;
  }

  private static Map<String, String> fir() {
    return env(
        "DYNO", "web.1",
        "HEROKU_APP_NAME", "my-app",
        "HEROKU_APP_ID", "2daa2797-e42b-4624-9322-ec3f968df4da",
        "HEROKU_DYNO_ID", "1vac4117-c29f-4312-521e-ba4d8638c1ac",
        "HEROKU_RELEASE_VERSION", "v42",
        "HEROKU_SLUG_COMMIT", "e6134959463efd8966b20e75b913cafe3f5ec",
        "HEROKU_RELEASE_CREATED_AT", "2022-10-23T18:00:42Z");
  }

  @Test
  void onHerokuTheConventionsMappingApplies() {
    Map<String, String> resource = OtlpPayload.resource(fir());
    assertEquals("my-app", resource.get("service.name"));
    assertEquals("1vac4117-c29f-4312-521e-ba4d8638c1ac", resource.get("service.instance.id"));
    assertEquals("v42", resource.get("service.version"));
    assertEquals("heroku", resource.get("cloud.provider"));
    assertEquals("2daa2797-e42b-4624-9322-ec3f968df4da", resource.get("heroku.app.id"));
    assertEquals("e6134959463efd8966b20e75b913cafe3f5ec", resource.get("heroku.release.commit"));
    assertEquals("2022-10-23T18:00:42Z", resource.get("heroku.release.creation_timestamp"));
  }

  @Test
  void elsewhereTheSpecificationsDefaultsApply() {
    Map<String, String> resource = OtlpPayload.resource(env());
    assertEquals("unknown_service:java", resource.get("service.name"));
    assertFalse(resource.containsKey("cloud.provider"));
    assertFalse(resource.containsKey("service.version"));
    // Unique per JVM: two payloads of two JVMs never share an instance.
    assertNotEquals(
        resource.get("service.instance.id"),
        OtlpPayload.resource(env()).get("service.instance.id"));
  }

  @Test
  void aRandomInstanceIdIsALowerCaseVersion4Uuid() {
    String id = ResourceAttributes.randomInstanceId();
    java.util.UUID uuid = java.util.UUID.fromString(id);
    assertEquals(4, uuid.version(), id);
    assertEquals(2, uuid.variant(), id);
    assertEquals(id.toLowerCase(java.util.Locale.ROOT), id);
  }

  @Test
  void otelResourceAttributesWinOverHerokuAndOtelServiceNameOverBoth() {
    Map<String, String> env = fir();
    env.put(
        "OTEL_RESOURCE_ATTRIBUTES",
        "service.name=from-attributes, deployment.environment.name=prod");
    assertEquals("from-attributes", OtlpPayload.resource(env).get("service.name"));
    assertEquals("prod", OtlpPayload.resource(env).get("deployment.environment.name"));
    env.put("OTEL_SERVICE_NAME", "from-service-name");
    assertEquals("from-service-name", OtlpPayload.resource(env).get("service.name"));
  }

  @Test
  void valuesArePercentDecoded() {
    Map<String, String> resource =
        OtlpPayload.resource(env("OTEL_RESOURCE_ATTRIBUTES", "team=a%2Cb%3Dc%20%C3%A9,empty="));
    assertEquals("a,b=c é", resource.get("team"));
    assertEquals("", resource.get("empty"));
    assertNull(OtlpPayload.resourceProblem(env("OTEL_RESOURCE_ATTRIBUTES", "team=a%2Cb")));
  }

  @Test
  void aMalformedListIsDiscardedWholeWithOneLineSayingWhatToDo() {
    for (String bad : new String[] {"team=a,oops", "=x", "team=50%", "team=%zz"}) {
      Map<String, String> env = env("OTEL_RESOURCE_ATTRIBUTES", "kept=no," + bad);
      assertFalse(OtlpPayload.resource(env).containsKey("kept"), bad);
      String problem = OtlpPayload.resourceProblem(env);
      assertTrue(problem.startsWith("OTEL_RESOURCE_ATTRIBUTES ignored: "), problem);
      assertFalse(problem.contains("\n"), problem);
    }
  }
}
