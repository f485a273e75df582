package dev.jvmmetrics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.jvmmetrics.fixtures.OtelRuntimeApp;
import dev.jvmmetrics.testing.AgentJvm;
import dev.jvmmetrics.testing.OtlpPoint;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Side by side with the OpenTelemetry project's own JVM runtime metrics: one JVM runs the agent
 * (exporting OTLP/protobuf to a loopback receiver here) and the OpenTelemetry library with its SDK
 * ({@link OtelRuntimeApp}, which prints what the library measured just before it exits). For every
 * stable JVM metric the library reports, the agent's last export (its final one, at shutdown)
 * decoded with the official protobuf classes must carry the same name, unit, kind and attribute
 * names, the same memory pools and collectors, and values that agree where both read the same thing
 * at nearly the same moment.
 */
class OtelSideBySideIT {
  private static final List<String> STABLE =
      Arrays.asList(
          "jvm.memory.used",
          "jvm.memory.committed",
          "jvm.memory.limit",
          "jvm.memory.used_after_last_gc",
          "jvm.gc.duration",
          "jvm.thread.count",
          "jvm.class.loaded",
          "jvm.class.unloaded",
          "jvm.class.count",
          "jvm.cpu.time",
          "jvm.cpu.count",
          "jvm.cpu.recent_utilization");

  @Test
  void agreesWithTheOpenTelemetryLibraryOnNamesUnitsKindsAttributesAndValues() throws Exception {
    List<byte[]> bodies = new CopyOnWriteArrayList<>();
    Path firstExport = Files.createTempDirectory("otel-side-by-side").resolve("exported");
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/v1/metrics",
        exchange -> {
          bodies.add(readAll(exchange.getRequestBody()));
          if (!Files.exists(firstExport)) {
            Files.createFile(firstExport);
          }
          exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
          exchange.sendResponseHeaders(200, 0);
          exchange.close();
        });
    server.start();
    AgentJvm.Result result;
    try {
      String endpoint = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/metrics";
      result =
          new AgentJvm()
              .classpath(System.getProperty("java.class.path"))
              .env("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", endpoint)
              .env("OTEL_METRIC_EXPORT_INTERVAL", "500")
              .run(OtelRuntimeApp.class, 120, "3", firstExport.toString());
    } finally {
      server.stop(0);
    }
    assertEquals(0, result.exitCode, result.toString());
    assertFalse(bodies.isEmpty(), "the agent exported nothing over OTLP: " + result);

    Map<String, List<OtlpPoint>> library = byName(OtlpPoint.fromLibraryLines(result.stdout));
    Map<String, List<OtlpPoint>> agent =
        byName(
            OtlpPoint.fromExport(
                ExportMetricsServiceRequest.parseFrom(bodies.get(bodies.size() - 1))));
    assertTrue(library.containsKey("jvm.memory.used"), "the library reported nothing: " + result);

    for (String name : STABLE) {
      List<OtlpPoint> theirs = library.get(name);
      if (theirs == null) {
        continue; // not measured by the library on this JVM
      }
      List<OtlpPoint> ours = agent.get(name);
      assertTrue(
          ours != null, name + " is missing from the agent's export; it has " + agent.keySet());
      assertEquals(theirs.get(0).unit, ours.get(0).unit, name + ": unit");
      assertEquals(theirs.get(0).kind, ours.get(0).kind, name + ": kind");
      Set<String> theirNames = attributeNames(theirs);
      Set<String> ourNames = attributeNames(ours);
      if (name.equals("jvm.thread.count")) {
        // The conventions' jvm.thread.state is recommended "where cheap" (issue 16): the agent
        // counts by jvm.thread.daemon without walking every thread's state.
        theirNames = withoutAttribute(theirNames, "jvm.thread.state");
        ourNames = withoutAttribute(ourNames, "jvm.thread.state");
      }
      assertEquals(theirNames, ourNames, name + ": attribute names");
    }

    // The same pools, and the same collectors with the same actions.
    for (String name :
        Arrays.asList("jvm.memory.used", "jvm.memory.committed", "jvm.memory.limit")) {
      assertEquals(attributeSets(library.get(name)), attributeSets(agent.get(name)), name);
    }
    assertEquals(values(library.get("jvm.memory.limit")), values(agent.get("jvm.memory.limit")));
    assertEquals(values(library.get("jvm.cpu.count")), values(agent.get("jvm.cpu.count")));
    // Collections counted by both from the same notifications: the app allocates only once the
    // agent's first export arrived (both listen by then), and none run between the library's
    // reading and the agent's final export (the app only prints and exits).
    assertEquals(values(library.get("jvm.gc.duration")), values(agent.get("jvm.gc.duration")));
    // Only a collection changes these, and none ran in between.
    assertEquals(
        values(library.get("jvm.memory.used_after_last_gc")),
        values(agent.get("jvm.memory.used_after_last_gc")));
    assertEquals(
        heapOnly(library.get("jvm.memory.committed")), heapOnly(agent.get("jvm.memory.committed")));
    // CPU time only grows: the agent read later, and only shutdown ran in between. The agent reads
    // /proc/self/stat, in whole clock ticks (10 ms), the library the bean, to the nanosecond.
    double theirCpu = Double.parseDouble(library.get("jvm.cpu.time").get(0).value);
    double ourCpu = Double.parseDouble(agent.get("jvm.cpu.time").get(0).value);
    assertTrue(
        ourCpu > theirCpu - 0.02 && ourCpu - theirCpu < 5,
        "jvm.cpu.time: agent " + ourCpu + " s, library " + theirCpu + " s");
    // Classes only ever get loaded: the agent read later, and only shutdown ran in between.
    long theirClasses = Long.parseLong(library.get("jvm.class.loaded").get(0).value);
    long ourClasses = Long.parseLong(agent.get("jvm.class.loaded").get(0).value);
    assertTrue(
        ourClasses >= theirClasses && ourClasses - theirClasses < 2_000,
        "jvm.class.loaded: agent " + ourClasses + ", library " + theirClasses);
  }

  private static Set<String> withoutAttribute(Set<String> names, String attribute) {
    Set<String> out = new TreeSet<>();
    for (String set : names) {
      List<String> kept = new ArrayList<>();
      for (String name : set.isEmpty() ? new String[0] : set.split(",")) {
        if (!name.equals(attribute)) {
          kept.add(name);
        }
      }
      out.add(String.join(",", kept));
    }
    return out;
  }

  private static Set<String> attributeNames(List<OtlpPoint> points) {
    Set<String> names = new TreeSet<>();
    for (OtlpPoint point : points) {
      names.add(point.attributeNames());
    }
    return names;
  }

  private static Set<String> attributeSets(List<OtlpPoint> points) {
    Set<String> sets = new TreeSet<>();
    for (OtlpPoint point : points) {
      sets.add(point.attributes);
    }
    return sets;
  }

  /** Attributes → value, for comparing per pool or per collector. */
  private static Map<String, String> values(List<OtlpPoint> points) {
    Map<String, String> values = new TreeMap<>();
    for (OtlpPoint point : points) {
      values.put(point.attributes, normalise(point.value));
    }
    return values;
  }

  /** The heap pools' values: the heap's committed size changes only at a collection. */
  private static Map<String, String> heapOnly(List<OtlpPoint> points) {
    Map<String, String> heap = new TreeMap<>();
    for (Map.Entry<String, String> entry : values(points).entrySet()) {
      if (entry.getKey().contains("jvm.memory.type=heap")) {
        heap.put(entry.getKey(), entry.getValue());
      }
    }
    return heap;
  }

  /** 8 and 8.0 are the same value: a long on one side may be a double on the other. */
  private static String normalise(String value) {
    return value.endsWith(".0") ? value.substring(0, value.length() - 2) : value;
  }

  private static Map<String, List<OtlpPoint>> byName(List<OtlpPoint> points) {
    Map<String, List<OtlpPoint>> byName = new TreeMap<>();
    for (OtlpPoint point : points) {
      byName.computeIfAbsent(point.name, name -> new ArrayList<>()).add(point);
    }
    return byName;
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    for (int n; (n = in.read(buffer)) > 0; ) {
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }
}
