package dev.jvmmetrics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jvmmetrics.testing.AgentJvm;
import dev.jvmmetrics.testing.AgentJvm.Route;
import dev.jvmmetrics.testing.ClassFileRefs;
import dev.jvmmetrics.testing.LoopbackEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every class of the built agent jar stays off the JDK machinery an idle app would otherwise pay
 * for on the agent's behalf: no invokedynamic (a lambda or method reference loads
 * java.lang.invoke's lambda factory and spins classes at run time, about a hundred classes on JDK
 * 17), no java.util.stream (about fifty more), and no digest or secure random for names or ids
 * (they load the security providers, about a hundred classes). Read from the jar itself, so
 * whatever is shaded into it counts too.
 */
class AgentBytecodeIT {
  private static final List<String> CRYPTO =
      List.of("java/security/MessageDigest", "java/security/SecureRandom");

  @Test
  void noClassOfTheAgentUsesInvokeDynamicStreamsOrCrypto() throws IOException {
    List<String> offenders = new ArrayList<>();
    int classes = 0;
    try (JarFile jar = new JarFile(AgentJvm.AGENT_JAR.toFile())) {
      Enumeration<JarEntry> entries = jar.entries();
      while (entries.hasMoreElements()) {
        JarEntry entry = entries.nextElement();
        if (!entry.getName().endsWith(".class")) {
          continue;
        }
        classes++;
        ClassFileRefs refs;
        try (InputStream in = jar.getInputStream(entry)) {
          refs = ClassFileRefs.read(in.readAllBytes());
        }
        if (refs.invokeDynamic) {
          offenders.add(entry.getName() + " uses invokedynamic (a lambda or method reference)");
        }
        for (String used : refs.classes) {
          if (used.startsWith("java/util/stream/") || CRYPTO.contains(used)) {
            offenders.add(entry.getName() + " uses " + used);
          }
        }
      }
    }
    assertEquals(List.of(), offenders, "in " + classes + " classes of " + AgentJvm.AGENT_JAR);
  }

  /**
   * JDK machinery the agent once loaded with nothing to show for it, each by a name the class-load
   * log of a JVM that reports (through the bootstrap, the default) must not contain: the module
   * image (a class path resource lookup opens it), the proxy selector (a socket made without {@code
   * Proxy.NO_PROXY} asks it), a digest or secure random (a lock name or jitter), and {@code
   * ManagementFactory}'s platform-bean finder (the bootstrap hands the agent the JDK's own beans:
   * {@code platform.PlatformBeans}), and the read-only buffer {@code FileChannel.map} makes by
   * reflection (the bootstrap maps the performance data itself: {@code platform.Natives}).
   */
  static final String[] UNEARNED = {
    "jdk.internal.jimage.",
    "sun.net.spi.DefaultProxySelector",
    "java.security.MessageDigest",
    "java.security.SecureRandom",
    "java.io.BufferedReader",
    "sun.nio.cs.StreamDecoder",
    "java.lang.management.ManagementFactory$PlatformMBeanFinder",
    "java.nio.DirectByteBufferR"
  };

  @Test
  void aReportingJvmLoadsNoneOfTheMachineryTheAgentHasNoUseFor(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("classes.log");
    try (LoopbackEndpoint endpoint = new LoopbackEndpoint()) {
      AgentJvm.Result result =
          BootstrapIT.runUntilFirstReport(
              new AgentJvm()
                  .route(Route.BOOTSTRAP)
                  .env("HEROKU_METRICS_URL", endpoint.url("/metrics/classes"))
                  .env("HEROKU_METRICS_INTERVAL", BootstrapIT.INTERVAL)
                  .jvmOption("-Xlog:class+load:file=" + log, "-Djava.io.tmpdir=" + dir),
              endpoint,
              dir);
      assertEquals(0, result.exitCode, result.toString());
    }
    List<String> loaded = new ArrayList<>();
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      for (String name : UNEARNED) {
        if (line.contains("] " + name)) {
          loaded.add(line);
        }
      }
    }
    assertEquals(List.of(), loaded, "loaded by a reporting JVM");
  }
}
