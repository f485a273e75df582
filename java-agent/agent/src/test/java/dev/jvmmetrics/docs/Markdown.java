package dev.jvmmetrics.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Markdown file as the drift check reads it: its inline code spans, its links, its headings and
 * the {@code make} commands in its fenced blocks, each with the line it is on. Fenced blocks are
 * otherwise skipped: they hold captured output (build logs, bench tables), not names the docs vouch
 * for.
 */
final class Markdown {
  /** Something the file names, and where. */
  record Mention(Path file, int line, String text) {
    String where(Path root) {
      return root.relativize(file) + ":" + line;
    }
  }

  private static final Pattern CODE_SPAN = Pattern.compile("(`+)(.+?)\\1");
  // [text](target) but not images' alt text of their own; an image's target is a link too.
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  private static final Pattern MAKE_LINE = Pattern.compile("^\\s*(?:\\$\\s+)?(make(?:\\s+\\S+)+)");

  final Path file;
  final List<Mention> codeSpans = new ArrayList<>();
  final List<Mention> links = new ArrayList<>();
  final List<Mention> fencedMakeCommands = new ArrayList<>();
  final List<String> headings = new ArrayList<>();
  final List<String> lines;

  private Markdown(Path file, List<String> lines) {
    this.file = file;
    this.lines = lines;
  }

  static Markdown read(Path file) throws IOException {
    Markdown md = new Markdown(file, Files.readAllLines(file, StandardCharsets.UTF_8));
    md.scan();
    return md;
  }

  private void scan() {
    boolean fenced = false;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int number = i + 1;
      if (line.trim().startsWith("```")) {
        fenced = !fenced;
        continue;
      }
      if (fenced) {
        Matcher make = MAKE_LINE.matcher(line);
        if (make.find()) {
          fencedMakeCommands.add(new Mention(file, number, make.group(1)));
        }
        continue;
      }
      if (line.startsWith("#")) {
        headings.add(line.replaceFirst("^#+\\s*", ""));
      }
      Matcher span = CODE_SPAN.matcher(line);
      while (span.find()) {
        codeSpans.add(new Mention(file, number, span.group(2).trim()));
      }
      // Links are looked for outside code spans only: `[x](y)` in code is not a link.
      Matcher link = LINK.matcher(CODE_SPAN.matcher(line).replaceAll(""));
      while (link.find()) {
        links.add(new Mention(file, number, link.group(1)));
      }
    }
  }

  /**
   * The anchor GitHub gives a heading: lower case, punctuation other than {@code -} and {@code _}
   * dropped, spaces to {@code -}.
   */
  static String anchor(String heading) {
    String plain = heading.replaceAll("`", "").replaceAll("\\[([^]]*)]\\([^)]*\\)", "$1");
    StringBuilder out = new StringBuilder();
    for (int offset = 0; offset < plain.length(); ) {
      int c = plain.codePointAt(offset);
      offset += Character.charCount(c);
      if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
        out.appendCodePoint(Character.toLowerCase(c));
      } else if (c == ' ') {
        out.append('-');
      }
    }
    return out.toString();
  }

  boolean hasAnchor(String anchor) {
    for (String heading : headings) {
      if (anchor(heading).equals(anchor)) {
        return true;
      }
    }
    return false;
  }
}
