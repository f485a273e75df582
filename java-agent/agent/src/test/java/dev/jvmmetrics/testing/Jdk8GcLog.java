package dev.jvmmetrics.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JDK 8's GC log ({@code -Xloggc:<path> -XX:+PrintGC -XX:+PrintGCTimeStamps}) read into a {@link
 * GcLog}, with the pauses named as JDK 9+ names them. Each record opens with the uptime at which
 * the pause began and closes with its duration in seconds (seven decimals):
 *
 * <pre>
 * 0.412: [GC (Allocation Failure)  17472K->5000K(63360K), 0.0124567 secs]               young (Serial, Parallel, ParNew)
 * 1.020: [Full GC (System.gc())  30M->5M(64M), 0.0213456 secs]                          full
 * 0.633: [GC pause (G1 Evacuation Pause) (young) 20M->10M(64M), 0.0034567 secs]         G1 young or mixed
 * 0.640: [GC remark, 0.0012345 secs]   0.641: [GC cleanup 20M->19M(64M), 0.0001234 secs] G1
 * 0.700: [GC (CMS Initial Mark)  30M(63M), 0.0001234 secs]   [GC (CMS Final Remark) …]   CMS
 * 0.642: [GC concurrent-mark-end, 0.0123456 secs]   0.71: [CMS-concurrent-sweep: …]     concurrent
 * </pre>
 *
 * <p>Records can nest (a collection that fails and turns full inside the same safepoint) and a
 * concurrent thread's record can land inside a pause's, even between the pause's uptime and its
 * bracket ({@code 3.0543.054: : [GC pause}), so the text is scanned as brackets, not lines.
 * Concurrent phases are never pauses; {@code Total time for which application threads were stopped}
 * lines (with {@code -XX:+PrintGCApplicationStoppedTime}) are the {@link SafepointLog}'s.
 */
public final class Jdk8GcLog {
  private static final Pattern TOKEN =
      Pattern.compile(
          "(?<concurrent>(?:(?<at>\\d+\\.\\d+): )?\\[(?:GC concurrent-|CMS-concurrent-)[^\\]]*\\])"
              + "|(?<times>\\[Times: [^\\]]*\\])"
              // Another thread's uptime can land between a record's uptime and its ": [", or its
              // whole record between them: then the record has no uptime of its own in front.
              + "|(?<open>(?:(?<start>\\d+\\.\\d+)(?:\\d+\\.\\d+)?: (?:: )?)?"
              + "\\[(?<kind>Full GC|GC)(?! concurrent-))"
              + "|(?<close>, (?<secs>\\d+\\.\\d+) secs\\])");
  private static final Pattern CONCURRENT_SECS =
      Pattern.compile("(\\d+\\.\\d+)(?:/\\d+\\.\\d+)? secs\\]$");

  private Jdk8GcLog() {}

  public static GcLog read(Path file) throws IOException {
    return parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
  }

  private record Open(int id, Open outer, long startNanos, String kind, int textFrom) {}

  private record Closed(Open record, String name, long nanos) {}

  public static GcLog parse(String text) {
    GcLog log = new GcLog();
    Deque<Open> open = new ArrayDeque<>();
    List<Closed> closed = new ArrayList<>();
    int ids = 0;
    long lastStart = 0;
    Matcher m = TOKEN.matcher(text);
    while (m.find()) {
      if (m.group("concurrent") != null) {
        if (m.group("at") != null) {
          lastStart = SafepointLog.secondsAsNanos(m.group("at"));
        }
        Matcher secs = CONCURRENT_SECS.matcher(m.group("concurrent"));
        if (secs.find()) {
          log.concurrentPhaseNanos += SafepointLog.secondsAsNanos(secs.group(1));
          log.concurrentPhases++;
        }
      } else if (m.group("open") != null) {
        // Without an uptime of its own, a record began about at the last uptime printed.
        long start =
            m.group("start") != null ? SafepointLog.secondsAsNanos(m.group("start")) : lastStart;
        lastStart = start;
        open.push(new Open(ids++, open.peek(), start, m.group("kind"), m.end()));
      } else if (m.group("close") != null && !open.isEmpty()) {
        Open record = open.pop();
        String name = name(record.kind, text.substring(record.textFrom, m.start()));
        closed.add(new Closed(record, name, SafepointLog.secondsAsNanos(m.group("secs"))));
      }
    }
    Map<Integer, Long> ends = new HashMap<>();
    for (Closed c : closed) {
      ends.put(c.record.id, c.record.startNanos + c.nanos);
    }
    for (Closed c : closed) {
      // A nested record's start is stamped to the millisecond: it ends with its outermost record,
      // which is how GcLog tells that it is nested (and counts its time once).
      Open outermost = c.record;
      while (outermost.outer != null) {
        outermost = outermost.outer;
      }
      long end = ends.getOrDefault(outermost.id, c.record.startNanos + c.nanos);
      log.pauses.add(new GcLog.Pause(c.record.id, c.name, end, c.nanos));
      log.gcIds.add(c.record.id);
      log.lastLineNanos.put(c.record.id, end);
    }
    log.pauses.sort((a, b) -> Integer.compare(a.gcId(), b.gcId()));
    return log;
  }

  /**
   * The JDK 9+ name of a JDK 8 record: {@code Pause Young}, {@code Pause Full}, {@code Pause
   * Remark}, …
   */
  static String name(String kind, String body) {
    String b = body.trim();
    if (kind.equals("Full GC")) {
      return "Pause Full " + b;
    }
    if (b.startsWith("remark") || b.startsWith("(CMS Final Remark)")) {
      return "Pause Remark " + b;
    }
    if (b.startsWith("cleanup")) {
      return "Pause Cleanup " + b;
    }
    if (b.startsWith("(CMS Initial Mark)")) {
      return "Pause Init Mark " + b;
    }
    return "Pause Young " + b; // Serial, Parallel and ParNew young collections; G1 young and mixed.
  }
}
