package dev.jvmmetrics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmmetrics.testing.AgentJvm;
import dev.jvmmetrics.testing.AgentJvm.Route;
import dev.jvmmetrics.testing.LoopbackEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The classes the native bootstrap defines from the jar's bytes ({@code PreloadedClasses}) are the
 * ones a report needs, for each destination: a reporting JVM on the bootstrap loads none of the
 * agent's classes the ordinary way once the first report is due (a class missing from the lists),
 * and defines none that the same JVM on the {@code -javaagent:} route never loads (a class listed
 * for nothing). When the jar's entries are not stored, or the agent is also a {@code -javaagent:},
 * nothing is defined from the bootstrap's jar and the agent reports all the same.
 */
class PreloadedClassesIT {
  private static final String AGENT_PACKAGE = "dev.jvmmetrics.agent.";
  private static final String THE_DEFINER = AGENT_PACKAGE + "PreloadedClasses";

  @TempDir Path dir;

  /** The destinations, each with the environment that names it alone. */
  enum Destination {
    HEROKU,
    OTLP;

    AgentJvm configure(AgentJvm jvm, LoopbackEndpoint endpoint) {
      if (this == HEROKU) {
        return jvm.env("HEROKU_METRICS_URL", endpoint.url("/metrics"))
            .env("HEROKU_METRICS_INTERVAL", BootstrapIT.INTERVAL);
      }
      return jvm.env("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint.url("/otlp"))
          .env("OTEL_METRIC_EXPORT_INTERVAL", "500");
    }
  }

  /** One line of the class-load log: an agent class, and whether it came from the jar's file. */
  static final class Loaded {
    final String name;
    final boolean fromJar;

    Loaded(String name, boolean fromJar) {
      this.name = name;
      this.fromJar = fromJar;
    }
  }

  @ParameterizedTest
  @EnumSource(Destination.class)
  void onceReportingStartsEveryClassOfTheAgentComesFromTheListsAndEachIsNeeded(
      Destination destination) throws Exception {
    List<Loaded> bootstrap = agentClasses(destination, Route.BOOTSTRAP, null);
    Set<String> needed = new TreeSet<>();
    for (Loaded loaded : agentClasses(destination, Route.JAVAAGENT, null)) {
      needed.add(loaded.name);
    }

    Set<String> missing = new TreeSet<>();
    Set<String> unneeded = new TreeSet<>();
    int defined = 0;
    boolean reportingStarted = false;
    for (Loaded loaded : bootstrap) {
      if (loaded.name.equals(THE_DEFINER)) {
        reportingStarted = true;
      } else if (loaded.fromJar && reportingStarted) {
        missing.add(loaded.name);
      } else if (!loaded.fromJar) {
        defined++;
        if (!needed.contains(loaded.name)) {
          unneeded.add(loaded.name);
        }
      }
    }
    assertTrue(reportingStarted, THE_DEFINER + " never loaded: " + names(bootstrap));
    assertEquals(
        Set.of(),
        missing,
        "loaded from the jar after the first report was due: add them to PreloadedClasses ("
            + destination
            + "), supertypes first");
    assertEquals(
        Set.of(),
        unneeded,
        "defined by the bootstrap but never loaded on the -javaagent route: take them out of"
            + " PreloadedClasses ("
            + destination
            + ")");
    assertTrue(defined >= 30, "only " + defined + " classes defined from the jar's bytes");
  }

  @Test
  void aJarWhoseEntriesAreCompressedHasNothingDefinedFromItAndTheAgentStillReports()
      throws Exception {
    Path deflated = dir.resolve("deflated/jvm-metrics-agent.jar");
    Files.createDirectories(deflated.getParent());
    copyDeflated(AgentJvm.AGENT_JAR, deflated);
    List<Loaded> loaded = agentClasses(Destination.HEROKU, Route.BOOTSTRAP, deflated);
    assertTrue(names(loaded).contains(THE_DEFINER), names(loaded).toString());
    assertEquals(
        List.of(), definedNatively(loaded), "defined from a jar whose entries are compressed");
  }

  @Test
  void besideAJavaagentOfTheAgentTheBootstrapDefinesNothing() throws Exception {
    // The javaagent's jar may be another copy, even another version, than the bootstrap's.
    List<Loaded> loaded =
        agentClasses(
            Destination.HEROKU, Route.JAVAAGENT, null, AgentJvm.agentOption(Route.BOOTSTRAP));
    assertTrue(names(loaded).contains(THE_DEFINER), names(loaded).toString());
    assertEquals(
        List.of(), definedNatively(loaded), "defined from the bootstrap's jar beside a -javaagent");
  }

  /**
   * Runs a JVM by {@code route} (with {@code jar} instead of the built one, when given, and the JVM
   * {@code options}) until the endpoint has two reports, and returns the agent's classes in the
   * order the JVM loaded them.
   */
  private List<Loaded> agentClasses(
      Destination destination, Route route, Path jar, String... options) throws Exception {
    Path log =
        dir.resolve(destination + "-" + route + "-" + (jar != null) + options.length + ".log");
    try (LoopbackEndpoint endpoint = new LoopbackEndpoint()) {
      AgentJvm jvm = destination.configure(new AgentJvm(), endpoint);
      if (jar == null) {
        jvm.route(route);
      } else {
        jvm.withoutAgent()
            .jvmOption("-agentpath:" + AgentJvm.BOOTSTRAP.toAbsolutePath() + "=" + jar);
      }
      jvm.jvmOption(options).jvmOption("-Xlog:class+load:file=" + log, "-Djava.io.tmpdir=" + dir);
      AgentJvm.Result result = BootstrapIT.runUntilReports(jvm, endpoint, dir, 2);
      assertEquals(0, result.exitCode, result.toString());
    }
    List<Loaded> classes = new ArrayList<>();
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      int start = line.indexOf("] " + AGENT_PACKAGE);
      if (start < 0) {
        continue;
      }
      int end = line.indexOf(' ', start + 2);
      String name = line.substring(start + 2, end < 0 ? line.length() : end);
      // The ordinary way names the jar ("source: file:..." or "jar:file:..."); a class defined by
      // JNI's DefineClass names its loader instead.
      classes.add(
          new Loaded(name, line.contains("source: file:") || line.contains("source: jar:")));
    }
    return classes;
  }

  /** The classes of {@code loaded} that did not come from the jar's file: the bootstrap's. */
  private static List<String> definedNatively(List<Loaded> loaded) {
    List<String> defined = new ArrayList<>();
    for (Loaded one : loaded) {
      if (!one.fromJar) {
        defined.add(one.name);
      }
    }
    return defined;
  }

  private static Set<String> names(List<Loaded> loaded) {
    Set<String> names = new LinkedHashSet<>();
    for (Loaded one : loaded) {
      names.add(one.name);
    }
    return names;
  }

  /** Copies {@code from} to {@code to} with every entry compressed. */
  private static void copyDeflated(Path from, Path to) throws IOException {
    try (JarFile in = new JarFile(from.toFile());
        OutputStream file = Files.newOutputStream(to);
        JarOutputStream out = new JarOutputStream(file)) {
      out.setMethod(ZipEntry.DEFLATED);
      Enumeration<JarEntry> entries = in.entries();
      while (entries.hasMoreElements()) {
        JarEntry entry = entries.nextElement();
        out.putNextEntry(new ZipEntry(entry.getName()));
        try (InputStream bytes = in.getInputStream(entry)) {
          bytes.transferTo(out);
        }
        out.closeEntry();
      }
    }
  }
}
