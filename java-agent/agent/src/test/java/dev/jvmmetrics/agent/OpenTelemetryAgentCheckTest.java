package dev.jvmmetrics.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both signs of the OpenTelemetry Java agent, whichever route loaded it. */
class OpenTelemetryAgentCheckTest {
  @TempDir Path tmp;

  /** A class loader over a directory holding {@code className}, compiled from a one-line source. */
  private URLClassLoader loaderWithClass(String className) throws IOException {
    int dot = className.lastIndexOf('.');
    Path source = tmp.resolve("src").resolve(className.substring(dot + 1) + ".java");
    Files.createDirectories(source.getParent());
    Files.write(
        source,
        ("package "
                + className.substring(0, dot)
                + "; public final class "
                + className.substring(dot + 1)
                + " { static { if (true) throw new IllegalStateException(\"initialised\"); } }")
            .getBytes(StandardCharsets.UTF_8));
    Path classes = tmp.resolve("classes");
    Files.createDirectories(classes);
    int status =
        ToolProvider.getSystemJavaCompiler()
            .run(null, null, null, "-d", classes.toString(), source.toString());
    assertEquals(0, status, "javac failed on the stand-in class");
    return new URLClassLoader(new URL[] {classes.toUri().toURL()}, null);
  }

  @Test
  void itsPremainClassInTheSystemClassLoaderIsEnoughWhateverTheJarsName() throws IOException {
    // Its static initialiser throws: the check must find the class without running any of it.
    try (URLClassLoader loader = loaderWithClass(OpenTelemetryAgentCheck.AGENT_CLASS)) {
      assertTrue(
          OpenTelemetryAgentCheck.loaded(
              loader, Arrays.asList("-javaagent:/app/otel.jar", "-Xmx512m")));
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
    try (URLClassLoader loader = loaderWithClass("io.opentelemetry.sdk.OpenTelemetrySdk")) {
      assertFalse(
          OpenTelemetryAgentCheck.loaded(
              loader, Arrays.asList("-javaagent:/app/jvm-metrics-agent.jar")));
    }
  }

  @Test
  void aClassFileThatCannotBeDefinedIsNoAgent() throws IOException {
    Path classes = tmp.resolve("broken");
    Path file = classes.resolve(OpenTelemetryAgentCheck.AGENT_CLASS.replace('.', '/') + ".class");
    Files.createDirectories(file.getParent());
    Files.write(file, new byte[] {(byte) 0xca, (byte) 0xfe});
    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, null)) {
      assertFalse(OpenTelemetryAgentCheck.loaded(loader, Collections.<String>emptyList()));
    }
  }
}
