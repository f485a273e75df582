package dev.jvmmetrics.docs;

import dev.jvmmetrics.agent.metrics.Metric;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The README's metric reference table, row by row, and how it differs from the catalogue ({@link
 * Metric}): a name on one side only, or a kind, unit or "(H)" that disagrees.
 */
final class MetricTable {
  /** One row: the wire name, its kind and unit as written, whether it is marked (H). */
  record Row(String name, String kind, String unit, boolean heroku, int line) {}

  static final String SECTION = "## Metric reference";
  private static final Pattern NAME_CELL = Pattern.compile("^`([^`]+)`\\s*(\\(H\\))?$");

  private MetricTable() {}

  /** The rows of the first table under {@link #SECTION} whose header begins name, kind, unit. */
  static List<Row> read(Markdown readme) {
    List<Row> rows = new ArrayList<>();
    boolean inSection = false;
    boolean inTable = false;
    for (int i = 0; i < readme.lines.size(); i++) {
      String line = readme.lines.get(i).trim();
      if (line.startsWith("## ")) {
        if (inSection) {
          break;
        }
        inSection = line.equals(SECTION);
        continue;
      }
      if (!inSection) {
        continue;
      }
      if (!inTable) {
        inTable = line.replace(" ", "").startsWith("|name|kind|unit|");
        continue;
      }
      if (!line.startsWith("|")) {
        break; // the table has ended
      }
      String[] cells = line.substring(1).split("\\|");
      Matcher name = NAME_CELL.matcher(cells[0].trim());
      if (cells.length < 3 || !name.matches()) {
        continue; // the |---| line
      }
      rows.add(
          new Row(name.group(1), cells[1].trim(), cells[2].trim(), name.group(2) != null, i + 1));
    }
    return rows;
  }

  /** Every difference between the rows and the catalogue, one line each; empty when they agree. */
  static List<String> differences(List<Row> rows) {
    List<String> out = new ArrayList<>();
    Map<String, Metric> catalogue = new LinkedHashMap<>();
    for (Metric metric : Metric.values()) {
      catalogue.put(metric.heroku(), metric);
    }
    Map<String, Row> table = new LinkedHashMap<>();
    for (Row row : rows) {
      if (table.put(row.name(), row) != null) {
        out.add("README.md:" + row.line() + ": `" + row.name() + "` is in the table twice");
      }
    }
    for (Row row : table.values()) {
      Metric metric = catalogue.get(row.name());
      String where = "README.md:" + row.line() + ": `" + row.name() + "`";
      if (metric == null) {
        out.add(where + " is not in the catalogue (Metric): the agent sends no such name");
        continue;
      }
      String kind = metric.kind().name().toLowerCase(Locale.ROOT);
      if (!row.kind().equals(kind)) {
        out.add(where + " is a " + kind + " in the catalogue, not a " + row.kind());
      }
      if (!row.unit().equals(metric.unit())) {
        out.add(where + " is in " + metric.unit() + " in the catalogue, not " + row.unit());
      }
      if (row.heroku() != metric.herokuCharts()) {
        out.add(
            where
                + (metric.herokuCharts()
                    ? " is read by Heroku's charts (catalogue): mark it (H)"
                    : " is not read by Heroku's charts (catalogue): drop its (H)"));
      }
    }
    for (Metric metric : catalogue.values()) {
      if (!table.containsKey(metric.heroku())) {
        out.add(
            "README.md: the metric reference has no row for `"
                + metric.heroku()
                + "` ("
                + metric
                + " in the catalogue); add one");
      }
    }
    return out;
  }
}
