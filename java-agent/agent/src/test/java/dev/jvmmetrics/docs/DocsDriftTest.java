package dev.jvmmetrics.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README.md and every docs/*.md may name only what exists: classes and tests (and their members),
 * files, links and their headings, make targets. Runs in {@code make test} (through {@code make
 * java}); a failure lists every stale name with its file and line.
 */
class DocsDriftTest {
  private static RepoTree tree;

  @BeforeAll
  static void indexTheTree() throws IOException {
    tree = RepoTree.find();
  }

  static List<Path> docs() throws IOException {
    List<Path> docs = new ArrayList<>();
    docs.add(tree.root.resolve("README.md"));
    try (Stream<Path> files = Files.list(tree.root.resolve("docs"))) {
      files.filter(file -> file.toString().endsWith(".md")).sorted().forEach(docs::add);
    }
    return docs;
  }

  @Test
  void everyNameTheDocsUseExists() throws IOException {
    List<String> problems = new ArrayList<>();
    NameCheck check = new NameCheck(tree, problems);
    for (Path doc : docs()) {
      check.check(Markdown.read(doc));
    }
    if (!problems.isEmpty()) {
      fail(
          problems.size()
              + " name(s) in the docs no longer exist in the tree:\n  "
              + String.join("\n  ", problems));
    }
  }

  @Test
  void theReadmeMetricTableIsTheCatalogue() throws IOException {
    List<MetricTable.Row> rows = MetricTable.read(Markdown.read(tree.root.resolve("README.md")));
    assertTrue(rows.size() > 10, "no metric table found under " + MetricTable.SECTION);
    List<String> differences = MetricTable.differences(rows);
    if (!differences.isEmpty()) {
      fail(
          "README's metric reference and the catalogue (dev.jvmmetrics.agent.metrics.Metric)"
              + " differ:\n  "
              + String.join("\n  ", differences));
    }
  }

  // The checks themselves must be able to fail: each stale kind of name below is reported, and the
  // names that do exist are not.

  @Test
  void staleNamesOfEveryKindAreReportedWithTheirLine(@TempDir Path dir) throws IOException {
    Path doc = dir.resolve("stale.md");
    Files.writeString(
        doc,
        String.join(
            "\n",
            "# Title",
            "`SmallPartsTest.backoffGrowsWithinBoundsAndResets` and `RawEndpoint`",
            "`BackoffTest.noSuchMethodAnywhere`; `MemoryMXBean#getNoSuchUsage`",
            "`lib/no-such-helper.sh`, `make no-such-target`, `NoSuchIT`",
            "[gone](no-such-page.md) and [here](#no-such-heading)",
            "```",
            "make demo no-such-either",
            "```",
            ""),
        StandardCharsets.UTF_8);
    List<String> problems = new ArrayList<>();
    new NameCheck(tree, problems).check(Markdown.read(doc));

    List<String> expected =
        List.of(
            "SmallPartsTest",
            "RawEndpoint",
            "noSuchMethodAnywhere",
            "getNoSuchUsage",
            "lib/no-such-helper.sh",
            "make no-such-target",
            "NoSuchIT",
            "no-such-page.md",
            "#no-such-heading",
            "make no-such-either");
    assertEquals(expected.size(), problems.size(), String.join("\n", problems));
    for (String name : expected) {
      assertTrue(
          problems.stream().anyMatch(problem -> problem.contains(name)),
          name + " not reported in:\n" + String.join("\n", problems));
    }
    assertTrue(problems.get(0).contains("stale.md:2"), problems.get(0));
  }

  @Test
  void namesThatExistPass(@TempDir Path dir) throws IOException {
    Path doc = dir.resolve("fine.md");
    Files.writeString(
        doc,
        String.join(
            "\n",
            "# A heading",
            "`BackoffTest.backoffGrowsWithinBoundsAndResets`, `AgentMain`, `GcMatrixIT`,",
            "`ThreadMXBean#getThreadCount`, `FileChannel.map`, `OutOfMemoryError`,",
            "`lib/jvm-metrics-agent.jar`, `test/support/*.sh`, `make test`, `make soak"
                + " SOAK_MINUTES=15`,",
            "`.heroku/jvm-metrics/jvm-metrics-agent.jar`, `java-agent/agent/target/x.txt`,",
            "`dev.jvmmetrics.agent.report`, `ZGC`, `PSScavenge`, [up](#a-heading)",
            ""),
        StandardCharsets.UTF_8);
    List<String> problems = new ArrayList<>();
    new NameCheck(tree, problems).check(Markdown.read(doc));
    assertEquals(List.of(), problems);
  }

  @Test
  void aMetricTableThatDiffersFromTheCatalogueIsReported(@TempDir Path dir) throws IOException {
    Path doc = dir.resolve("README.md");
    Files.writeString(
        doc,
        String.join(
            "\n",
            "## Metric reference",
            "",
            "| name | kind | unit | what it is |",
            "|---|---|---|---|",
            "| `jvm_memory_bytes_used.area_heap` | gauge | bytes | heap, (H) left out |",
            "| `jvm_threads_current` (H) | counter | pieces | wrong kind, unit and H |",
            "| `jvm_no_such_metric` | gauge | bytes | not sent |",
            "",
            "## Next"),
        StandardCharsets.UTF_8);
    List<String> differences = MetricTable.differences(MetricTable.read(Markdown.read(doc)));
    String all = String.join("\n", differences);
    assertTrue(all.contains("`jvm_memory_bytes_used.area_heap` is read by Heroku's charts"), all);
    assertTrue(
        all.contains("`jvm_threads_current` is a gauge in the catalogue, not a counter"), all);
    assertTrue(
        all.contains("`jvm_threads_current` is in threads in the catalogue, not pieces"), all);
    assertTrue(all.contains("`jvm_threads_current` is not read by Heroku's charts"), all);
    assertTrue(all.contains("`jvm_no_such_metric` is not in the catalogue"), all);
    assertTrue(all.contains("no row for `jvm_gc_pause_seconds_sum`"), all);
  }
}
