package dev.jvmmetrics.docs;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Holds what one Markdown file names against the tree: classes and tests (with a member, if given),
 * repository paths, links and their anchors, and make targets. Each problem is one line saying
 * where it is and what to do.
 */
final class NameCheck {
  /** A class, optionally package-qualified, optionally with a member: {@code a.b.Foo#bar}. */
  private static final Pattern CLASS_REF =
      Pattern.compile(
          "^(?<pkg>(?:[a-z][a-z0-9_]*\\.)*)(?<cls>[A-Z][A-Za-z0-9]*)"
              + "(?:[.#](?<member>[A-Za-z_][A-Za-z0-9_]*))?(?:\\([^)]*\\))?$");

  // CamelCase with at least two humps and a lower-case first hump (AgentMain, GcMatrixIT), or any
  // name ending as our tests do. All-capital tokens (ZGC, CMS, PSScavenge) are collector and
  // counter names, not classes.
  private static final Pattern LOOKS_LIKE_CLASS =
      Pattern.compile("^(?:[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+|[A-Z][A-Za-z0-9]*(?:Test|IT))$");
  private static final Pattern OUR_PACKAGE = Pattern.compile("^dev\\.jvmmetrics(?:\\.[a-z]\\w*)+$");
  private static final Pattern MAKE = Pattern.compile("^make((?:\\s+[A-Za-z0-9_.=-]+)+)$");
  private static final Pattern PATH_LIKE =
      Pattern.compile(
          "^[A-Za-z0-9_.*-]+(?:/[A-Za-z0-9_.*-]*)+$|^[A-Za-z0-9_-]+\\.(?:java|bats|md)$");

  /**
   * Where the JDK's classes that the docs name live. A name found in none of these nor in the tree
   * is reported, so a class renamed or removed in the agent cannot hide behind the JDK.
   */
  private static final List<String> JDK_PACKAGES =
      List.of(
          "java.lang",
          "java.lang.management",
          "java.lang.invoke",
          "java.lang.instrument",
          "java.io",
          "java.net",
          "java.nio",
          "java.nio.channels",
          "java.nio.file",
          "java.util",
          "java.util.concurrent",
          "java.security",
          "javax.management",
          "javax.net.ssl",
          "com.sun.management",
          "com.fasterxml.jackson.core");

  /**
   * CamelCase words in the docs that are not Java classes at all, each with what it is. Nothing of
   * ours may go here: a name of ours that is gone must fail the check.
   */
  private static final Set<String> NOT_CLASSES =
      Set.of(
          "SafepointBegin", // a JFR event
          "DiagnosticCommand", // the JVM's MBean (com.sun.management:type=DiagnosticCommand)
          "AddToSystemClassLoaderSearch", // a JVMTI function
          "RegisterNatives", // JNI functions
          "DefineClass",
          "NewDirectByteBuffer",
          "ParNew", // CMS's collector beans
          "ConcurrentMarkSweep",
          "WebJar"); // the packaging uPlot comes in

  private final RepoTree tree;
  private final List<String> problems;

  NameCheck(RepoTree tree, List<String> problems) {
    this.tree = tree;
    this.problems = problems;
  }

  void check(Markdown md) {
    for (Markdown.Mention span : md.codeSpans) {
      checkSpan(span);
    }
    for (Markdown.Mention make : md.fencedMakeCommands) {
      checkMake(make, make.text());
    }
    for (Markdown.Mention link : md.links) {
      checkLink(md, link);
    }
  }

  private void checkSpan(Markdown.Mention span) {
    String text = span.text();
    if (text.startsWith("make ")) {
      checkMake(span, text);
      return;
    }
    Matcher ref = CLASS_REF.matcher(text);
    if (ref.matches() && LOOKS_LIKE_CLASS.matcher(ref.group("cls")).matches()) {
      checkClass(span, ref.group("pkg"), ref.group("cls"), ref.group("member"));
      return;
    }
    if (OUR_PACKAGE.matcher(text).matches()) {
      checkPackage(span, text);
      return;
    }
    if (PATH_LIKE.matcher(text).matches()) {
      checkPath(span, text);
    }
  }

  private void checkMake(Markdown.Mention where, String command) {
    Matcher make = MAKE.matcher(command.trim());
    if (!make.matches()) {
      return;
    }
    for (String word : make.group(1).trim().split("\\s+")) {
      if (word.contains("=") || word.startsWith("-")) {
        continue; // a variable or an option, not a target
      }
      if (!tree.makeTargets.contains(word)) {
        problems.add(
            where.where(tree.root)
                + ": `make "
                + word
                + "` is no target of the Makefile; name an existing target or add it");
      }
    }
  }

  private void checkClass(Markdown.Mention span, String pkg, String cls, String member) {
    if (NOT_CLASSES.contains(cls) || isSomeoneElses(pkg)) {
      return;
    }
    if (tree.javaClasses.containsKey(cls)) {
      if (member != null && !tree.source(cls).matches("(?s).*\\b" + member + "\\b.*")) {
        problems.add(
            span.where(tree.root)
                + ": `"
                + span.text()
                + "` names "
                + member
                + ", which "
                + cls
                + ".java does not have; use its current name");
      }
      return;
    }
    Class<?> jdk = jdkClass(pkg, cls);
    if (jdk == null) {
      problems.add(
          span.where(tree.root)
              + ": `"
              + span.text()
              + "` names "
              + cls
              + ", a class that is neither in the tree nor in the JDK; use its current name or"
              + " drop it");
    } else if (member != null && !hasMember(jdk, member)) {
      problems.add(
          span.where(tree.root)
              + ": `"
              + span.text()
              + "` names "
              + member
              + ", which "
              + jdk.getName()
              + " does not have");
    }
  }

  /** A class qualified by a package that is neither ours nor the JDK's: Heroku's agent, say. */
  private static boolean isSomeoneElses(String pkg) {
    if (pkg.isEmpty() || pkg.startsWith("dev.jvmmetrics.")) {
      return false;
    }
    String name = pkg.substring(0, pkg.length() - 1);
    return !JDK_PACKAGES.contains(name);
  }

  private static Class<?> jdkClass(String pkg, String cls) {
    List<String> packages =
        pkg.isEmpty() ? JDK_PACKAGES : List.of(pkg.substring(0, pkg.length() - 1));
    for (String candidate : packages) {
      try {
        return Class.forName(candidate + "." + cls, false, NameCheck.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        // not in this package; try the next
      }
    }
    return null;
  }

  private static boolean hasMember(Class<?> cls, String member) {
    for (Method method : cls.getMethods()) {
      if (method.getName().equals(member)) {
        return true;
      }
    }
    for (Field field : cls.getFields()) {
      if (field.getName().equals(member)) {
        return true;
      }
    }
    return false;
  }

  private void checkPackage(Markdown.Mention span, String name) {
    String path = name.replace('.', '/');
    if (tree.anyMatches("**/src/*/java/" + path)
        || tree.anyMatches("**/src/*/java/" + path + ".java")
        || tree.anyPomMentions(name)) {
      return;
    }
    problems.add(
        span.where(tree.root)
            + ": `"
            + name
            + "` is no package or class in the tree (nor a pom's)");
  }

  private void checkPath(Markdown.Mention span, String text) {
    String path = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    if (!path.contains("/")) {
      // A bare name is ours only as a Java source, a bats suite or a page of the docs; a bare
      // `.cache` or `heroku-metrics-agent.jar` may be anyone's.
      if (path.matches(".*\\.(?:java|bats|md)$") && !tree.fileNames.contains(path)) {
        problems.add(
            span.where(tree.root)
                + ": `"
                + text
                + "` is no file in the tree; use its current name");
      }
      return;
    }
    String first = path.substring(0, path.indexOf('/'));
    // Only paths in the repository: the slug's (.heroku/…), the machine's and generated ones
    // (target/, .cache/) are not the tree's to vouch for.
    if (!tree.exists(Path.of(first))
        || first.startsWith(".")
        || path.contains("/target/")
        || path.startsWith("test/node_modules")) {
      return;
    }
    boolean found = path.contains("*") ? tree.anyMatches(path) : tree.exists(Path.of(path));
    if (!found) {
      problems.add(
          span.where(tree.root) + ": `" + text + "` is no file in the tree; use its current path");
    }
  }

  private void checkLink(Markdown md, Markdown.Mention link) {
    String target = link.text();
    if (target.matches("^[a-z]+:.*")) {
      return; // http(s), mailto: outside the tree
    }
    int hash = target.indexOf('#');
    String file = hash < 0 ? target : target.substring(0, hash);
    String anchor = hash < 0 ? null : target.substring(hash + 1);
    Path resolved = file.isEmpty() ? md.file : md.file.getParent().resolve(file).normalize();
    Path relative = tree.root.relativize(resolved);
    if (!file.isEmpty() && !tree.exists(relative)) {
      problems.add(
          link.where(tree.root) + ": the link to " + target + " leads to no file in the tree");
      return;
    }
    if (anchor != null && resolved.toString().endsWith(".md")) {
      try {
        Markdown linked = resolved.equals(md.file) ? md : Markdown.read(resolved);
        if (!linked.hasAnchor(anchor)) {
          problems.add(
              link.where(tree.root)
                  + ": the link to "
                  + target
                  + " names no heading of "
                  + relative
                  + "; link to a heading it has");
        }
      } catch (java.io.IOException e) {
        problems.add(link.where(tree.root) + ": cannot read " + relative + ": " + e);
      }
    }
  }
}
