package dev.jvmmetrics.testing;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One OTLP data point as the side-by-side test compares them: {@code name unit kind attributes
 * value}, kind one of {@code gauge}, {@code sum monotonic}, {@code sum nonmonotonic}, {@code
 * histogram} (whose value is its count), attributes {@code key=value,...} sorted. Read from an
 * export decoded with the official protobuf classes, or from the lines {@code
 * fixtures.OtelRuntimeApp} prints for the OpenTelemetry library's metrics.
 */
public final class OtlpPoint {
  public final String name;
  public final String unit;
  public final String kind;
  public final String attributes;
  public final String value;

  OtlpPoint(String name, String unit, String kind, String attributes, String value) {
    this.name = name;
    this.unit = unit;
    this.kind = kind;
    this.attributes = attributes;
    this.value = value;
  }

  /** The attributes' keys, sorted, comma-separated. */
  public String attributeNames() {
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

  /** The points in the {@code otel\t…} lines of {@code stdout}; other lines are skipped. */
  public static List<OtlpPoint> fromLibraryLines(String stdout) {
    List<OtlpPoint> points = new ArrayList<>();
    for (String line : stdout.split("\n")) {
      String[] fields = line.split("\t", -1);
      if (fields.length == 6 && fields[0].equals("otel")) {
        points.add(new OtlpPoint(fields[1], fields[2], fields[3], fields[4], fields[5]));
      }
    }
    return points;
  }

  /** Every point of every metric in {@code request}. */
  public static List<OtlpPoint> fromExport(ExportMetricsServiceRequest request) {
    List<OtlpPoint> points = new ArrayList<>();
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
                    new OtlpPoint(
                        metric.getName(),
                        metric.getUnit(),
                        "histogram",
                        attributes(point.getAttributesList()),
                        Long.toString(point.getCount())));
              }
              break;
            default:
              points.add(new OtlpPoint(metric.getName(), metric.getUnit(), "other", "", ""));
          }
        }
      }
    }
    return points;
  }

  private static void addNumbers(
      List<OtlpPoint> points, Metric metric, String kind, List<NumberDataPoint> numbers) {
    for (NumberDataPoint point : numbers) {
      String value =
          point.getValueCase() == NumberDataPoint.ValueCase.AS_INT
              ? Long.toString(point.getAsInt())
              : Double.toString(point.getAsDouble());
      points.add(
          new OtlpPoint(
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
}
