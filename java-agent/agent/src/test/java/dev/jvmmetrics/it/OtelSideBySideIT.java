package dev.jvmmetrics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.jvmmetrics.fixtures.OtelRuntimeApp;
import dev.jvmmetrics.testing.AgentJvm;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
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

  /** One data point: {@code name unit kind attributes value}, as OtelRuntimeApp prints them. */
  private static final class Point {
    final String name;
    final String unit;
    final String kind;
    final String attributes;
    final String value;

    Point(String name, String unit, String kind, String attributes, String value) {
      this.name = name;
      this.unit = unit;
      this.kind = kind;
      this.attributes = attributes;
      this.value = value;
    }

    String attributeNames() {
      Set<String> names = new TreeSet<>();
      for (String pair : attributes.isEmpty() ? new String[0] : attributes.split(",")) {
        names.add(pair.substring(0, pair.indexOf('=')));
      }
      return String.join(",", names);
    }

    @Override
    public String toString() {
      return name + " " + unit + " " + kind + " {" + attributes + "} " + value;
    }
  }

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

    Map<String, List<Point>> library = byName(libraryPoints(result.stdout));
    Map<String, List<Point>> agent =
        byName(agentPoints(ExportMetricsServiceRequest.parseFrom(bodies.get(bodies.size() - 1))));
    assertTrue(library.containsKey("jvm.memory.used"), "the library reported nothing: " + result);

    for (String name : STABLE) {
      List<Point> theirs = library.get(name);
      if (theirs == null) {
        continue; // not measured by the library on this JVM
      }
      List<Point> ours = agent.get(name);
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
    // CPU time only grows: the agent read later, and only shutdown ran in between.
    double theirCpu = Double.parseDouble(library.get("jvm.cpu.time").get(0).value);
    double ourCpu = Double.parseDouble(agent.get("jvm.cpu.time").get(0).value);
    assertTrue(
        ourCpu >= theirCpu && ourCpu - theirCpu < 5,
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

  private static Set<String> attributeNames(List<Point> points) {
    Set<String> names = new TreeSet<>();
    for (Point point : points) {
      names.add(point.attributeNames());
    }
    return names;
  }

  private static Set<String> attributeSets(List<Point> points) {
    Set<String> sets = new TreeSet<>();
    for (Point point : points) {
      sets.add(point.attributes);
    }
    return sets;
  }

  /** Attributes → value, for comparing per pool or per collector. */
  private static Map<String, String> values(List<Point> points) {
    Map<String, String> values = new TreeMap<>();
    for (Point point : points) {
      values.put(point.attributes, normalise(point.value));
    }
    return values;
  }

  /** The heap pools' values: the heap's committed size changes only at a collection. */
  private static Map<String, String> heapOnly(List<Point> points) {
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

  private static Map<String, List<Point>> byName(List<Point> points) {
    Map<String, List<Point>> byName = new TreeMap<>();
    for (Point point : points) {
      byName.computeIfAbsent(point.name, name -> new ArrayList<>()).add(point);
    }
    return byName;
  }

  private static List<Point> libraryPoints(String stdout) {
    List<Point> points = new ArrayList<>();
    for (String line : stdout.split("\n")) {
      String[] fields = line.split("\t", -1);
      if (fields.length == 6 && fields[0].equals("otel")) {
        points.add(new Point(fields[1], fields[2], fields[3], fields[4], fields[5]));
      }
    }
    return points;
  }

  private static List<Point> agentPoints(ExportMetricsServiceRequest request) {
    List<Point> points = new ArrayList<>();
    for (ResourceMetrics resource : request.getResourceMetricsList()) {
      for (ScopeMetrics scope : resource.getScopeMetricsList()) {
        for (Metric metric : scope.getMetricsList()) {
          switch (metric.getDataCase()) {
            case GAUGE:
              addNumbers(points, metric, "gauge", metric.getGauge().getDataPointsList());
              break;
            case SUM:
              String kind = metric.getSum().getIsMonotonic() ? "sum monotonic" : "sum nonmonotonic";
              addNumbers(points, metric, kind, metric.getSum().getDataPointsList());
              break;
            case HISTOGRAM:
              for (HistogramDataPoint point : metric.getHistogram().getDataPointsList()) {
                points.add(
                    new Point(
                        metric.getName(),
                        metric.getUnit(),
                        "histogram",
                        attributes(point.getAttributesList()),
                        Long.toString(point.getCount())));
              }
              break;
            default:
              points.add(new Point(metric.getName(), metric.getUnit(), "other", "", ""));
          }
        }
      }
    }
    return points;
  }

  private static void addNumbers(
      List<Point> points, Metric metric, String kind, List<NumberDataPoint> numbers) {
    for (NumberDataPoint point : numbers) {
      String value =
          point.getValueCase() == NumberDataPoint.ValueCase.AS_INT
              ? Long.toString(point.getAsInt())
              : Double.toString(point.getAsDouble());
      points.add(
          new Point(
              metric.getName(),
              metric.getUnit(),
              kind,
              attributes(point.getAttributesList()),
              value));
    }
  }

  private static String attributes(List<KeyValue> attributes) {
    List<String> pairs = new ArrayList<>();
    for (KeyValue pair : attributes) {
      AnyValue value = pair.getValue();
      String text =
          value.hasBoolValue()
              ? Boolean.toString(value.getBoolValue())
              : value.hasIntValue() ? Long.toString(value.getIntValue()) : value.getStringValue();
      pairs.add(pair.getKey() + "=" + text);
    }
    Collections.sort(pairs);
    return String.join(",", pairs);
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
