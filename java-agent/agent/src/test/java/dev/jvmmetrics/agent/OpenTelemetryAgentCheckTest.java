package dev.jvmmetrics.agent;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both signs of the OpenTelemetry Java agent, whichever route loaded it. */
class OpenTelemetryAgentCheckTest {
  @TempDir Path tmp;

  private URLClassLoader loaderWith(String resource) throws IOException {
    Path jar = tmp.resolve("agent.jar");
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file)) {
      out.putNextEntry(new JarEntry(resource));
      out.write(1);
      out.closeEntry();
    }
    return new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
  }

  @Test
  void itsPremainClassOnTheClassPathIsEnough() throws IOException {
    try (URLClassLoader loader =
        loaderWith("io/opentelemetry/javaagent/OpenTelemetryAgent.class")) {
      assertTrue(OpenTelemetryAgentCheck.loaded(loader, Collections.<String>emptyList()));
    }
  }

  @Test
  void itsJarOnTheCommandLineIsEnough() {
    assertTrue(
        OpenTelemetryAgentCheck.loaded(
            null,
            Arrays.asList("-Xmx512m", "-javaagent:/app/otel/opentelemetry-javaagent-2.10.0.jar")));
  }

  @Test
  void theOpenTelemetryApiOrSdkAloneIsNotTheAgent() throws IOException {
    try (URLClassLoader loader = loaderWith("io/opentelemetry/sdk/OpenTelemetrySdk.class")) {
      assertFalse(
          OpenTelemetryAgentCheck.loaded(
              loader, Arrays.asList("-javaagent:/app/jvm-metrics-agent.jar")));
    }
  }
}
