package dev.jvmmetrics.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What exists in the repository, for the drift check to hold the docs against: every file (build
 * output, the npm install and git's own files left out), the Java classes by simple name, and the
 * Makefile's targets.
 */
final class RepoTree {
  private static final Set<String> NOT_SOURCE = Set.of(".git", "target", "node_modules", ".cache");
  // A rule line: targets, a colon, and not an assignment (`X := y`, `X ?= y`).
  private static final Pattern RULE = Pattern.compile("^([A-Za-z0-9_./$()%-][^:=#]*):(?![=:])");
  private static final Pattern PHONY = Pattern.compile("^\\.PHONY:(.*)$");

  final Path root;
  final Set<Path> files = new HashSet<>();
  final Set<String> fileNames = new HashSet<>();
  final Map<String, Path> javaClasses = new HashMap<>();
  final Set<String> makeTargets = new HashSet<>();

  private RepoTree(Path root) {
    this.root = root;
  }

  /** The repository around the working directory (Maven runs tests in {@code java-agent/agent}). */
  static RepoTree find() throws IOException {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null
        && !(Files.isRegularFile(dir.resolve("Makefile"))
            && Files.isRegularFile(dir.resolve("README.md")))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException(
          "no Makefile and README.md above " + Path.of("").toAbsolutePath());
    }
    RepoTree tree = new RepoTree(dir);
    tree.index();
    return tree;
  }

  private void index() throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      walk.filter(path -> !ignored(path))
          .forEach(
              path -> {
                Path relative = root.relativize(path);
                files.add(relative);
                String name = path.getFileName().toString();
                fileNames.add(name);
                if (name.endsWith(".java") && Files.isRegularFile(path)) {
                  javaClasses.put(name.substring(0, name.length() - ".java".length()), path);
                }
              });
    }
    for (String line : Files.readAllLines(root.resolve("Makefile"), StandardCharsets.UTF_8)) {
      Matcher phony = PHONY.matcher(line);
      if (phony.find()) {
        makeTargets.addAll(List.of(phony.group(1).trim().split("\\s+")));
        continue;
      }
      Matcher rule = RULE.matcher(line);
      if (rule.find()) {
        makeTargets.addAll(List.of(rule.group(1).trim().split("\\s+")));
      }
    }
  }

  private boolean ignored(Path path) {
    for (Path part : root.relativize(path)) {
      if (NOT_SOURCE.contains(part.toString())) {
        return true;
      }
    }
    return false;
  }

  boolean exists(Path relative) {
    return relative.normalize().toString().isEmpty() || files.contains(relative.normalize());
  }

  /** Whether any file's path relative to the root matches a glob such as {@code lib/*.sh}. */
  boolean anyMatches(String glob) {
    var matcher = root.getFileSystem().getPathMatcher("glob:" + glob);
    for (Path file : files) {
      if (matcher.matches(file)) {
        return true;
      }
    }
    return false;
  }

  boolean anyClassMatches(String glob) {
    var matcher = root.getFileSystem().getPathMatcher("glob:" + glob);
    for (String name : javaClasses.keySet()) {
      if (matcher.matches(Path.of(name))) {
        return true;
      }
    }
    return false;
  }

  /** A class's source, for looking up a member it is said to have. */
  String source(String simpleName) {
    try {
      return Files.readString(javaClasses.get(simpleName), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether some pom.xml names {@code text} (the shaded package exists only in the build). */
  boolean anyPomMentions(String text) {
    for (Path file : files) {
      if (file.getFileName().toString().equals("pom.xml")) {
        try {
          if (Files.readString(root.resolve(file), StandardCharsets.UTF_8).contains(text)) {
            return true;
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return false;
  }
}
