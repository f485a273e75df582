package dev.jvmmetrics.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a JVM's own GC log says happened, written with {@code
 * -Xlog:gc,gc+phases=info:file=<path>:uptimenanos,tags}. The {@code gc} tag prints every pause of
 * Serial, Parallel, G1 and Shenandoah with its duration (to the microsecond); ZGC prints its pauses
 * only under {@code gc+phases}. Lines look like:
 *
 * <pre>
 * [230512345ns][gc] GC(12) Pause Young (Allocation Failure) 57M->33M(61M) 8.600ms
 * [128645672ns][gc,phases] GC(0) Pause Mark End 0.017ms
 * [86380375ns][gc,phases] GC(0) Y: Pause Mark End 0.016ms
 * [4096000ns][gc] GC(5) Concurrent marking (unload classes) 1.234ms
 * </pre>
 *
 * <p>A pause can be logged inside another: on JDK 11, Serial's young collection that fails turns
 * into a full collection in the same safepoint, and the log prints the full one (next GC id) and
 * then the young one, whose duration includes it. Such nested pauses count as pauses, but their
 * time only once.
 *
 * <p>A GC id is not always a collection: JDK 25's Shenandoah takes an id for a cycle it was about
 * to start and, when an allocation failure cancels it first, logs only {@code GC(8) Cancelled} and
 * runs a degenerated collection under the next id. Its beans count no cycle for it, and neither
 * does {@link #gcIds}.
 */
public final class GcLog {
  private static final Pattern LINE =
      Pattern.compile("^\\[(\\d+)ns\\]\\[([a-z,]+)\\s*\\] GC\\((\\d+)\\) (.*)$");
  private static final Pattern TIMED = Pattern.compile("^(?:[YyOo]: )?(.*?) (\\d+\\.\\d+)ms$");

  /** One logged pause. */
  public record Pause(int gcId, String name, long endNanos, long nanos) {
    long startNanos() {
      return endNanos - nanos;
    }

    /**
     * Whether this pause ran inside {@code outer}: a lower GC id, logged later, and a span that
     * starts before this one ends and holds it.
     */
    boolean nestedIn(Pause outer) {
      long slack = 50_000; // Each line is stamped a few microseconds after its timer stopped.
      return outer.gcId < gcId
          && outer.endNanos >= endNanos
          && outer.startNanos() < endNanos
          && outer.startNanos() <= startNanos() + slack;
    }
  }

  public final List<Pause> pauses = new ArrayList<>();
  public final Set<Integer> gcIds = new TreeSet<>();

  /** The time of each GC id's last line: when it was over, as far as the log tells. */
  final Map<Integer, Long> lastLineNanos = new HashMap<>();

  public long concurrentPhaseNanos;
  int concurrentPhases;

  public static GcLog read(Path file) throws IOException {
    GcLog log = new GcLog();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        continue;
      }
      int id = Integer.parseInt(m.group(3));
      if (m.group(4).equals("Cancelled")) {
        continue;
      }
      log.gcIds.add(id);
      log.lastLineNanos.merge(id, Long.parseLong(m.group(1)), Math::max);
      Matcher timed = TIMED.matcher(m.group(4));
      if (!timed.matches()) {
        continue;
      }
      String name = timed.group(1);
      long nanos = microsAsNanos(timed.group(2));
      if (name.startsWith("Pause ")) {
        log.pauses.add(new Pause(id, name, Long.parseLong(m.group(1)), nanos));
      } else if (name.startsWith("Concurrent ")
          && !name.startsWith("Concurrent Mark Cycle")
          && !name.startsWith("Concurrent Cycle")) {
        // Phases only: G1 also logs the whole cycle, which spans its phases and its pauses.
        log.concurrentPhaseNanos += nanos;
        log.concurrentPhases++;
      }
    }
    return log;
  }

  /** "8.600" (milliseconds, three decimals) as nanoseconds, exactly. */
  static long microsAsNanos(String millis) {
    int dot = millis.indexOf('.');
    String fraction = (millis.substring(dot + 1) + "000").substring(0, 3);
    return Long.parseLong(millis.substring(0, dot)) * 1_000_000L
        + Long.parseLong(fraction) * 1_000L;
  }

  /**
   * Pauses whose name starts with one of {@code prefixes} ("Pause Remark"); all when none given.
   */
  public List<Pause> pauses(String... prefixes) {
    List<Pause> selected = new ArrayList<>();
    for (Pause pause : pauses) {
      boolean wanted = prefixes.length == 0;
      for (String prefix : prefixes) {
        wanted |= pause.name.startsWith(prefix);
      }
      if (wanted) {
        selected.add(pause);
      }
    }
    return selected;
  }

  /** How many GC ids were still going at {@code nanos} (their last line comes later). */
  public int idsEndingAfter(long nanos) {
    int late = 0;
    for (long last : lastLineNanos.values()) {
      late += last > nanos ? 1 : 0;
    }
    return late;
  }

  /** The pauses of {@code selected} that ended after {@code nanos}. */
  public static List<Pause> endingAfter(List<Pause> selected, long nanos) {
    List<Pause> late = new ArrayList<>();
    for (Pause pause : selected) {
      if (pause.endNanos > nanos) {
        late.add(pause);
      }
    }
    return late;
  }

  /**
   * The stop-the-world time of {@code selected}: every pause once, a nested one inside its outer
   * one.
   */
  public static long wallNanos(List<Pause> selected) {
    long total = 0;
    for (Pause pause : selected) {
      boolean nested = false;
      for (Pause outer : selected) {
        nested |= outer != pause && pause.nestedIn(outer);
      }
      if (!nested) {
        total += pause.nanos;
      }
    }
    return total;
  }

  /** How many pauses were nested in another (JDK 11's young-then-full). */
  public static int nestedCount(List<Pause> selected) {
    int nested = 0;
    for (Pause pause : selected) {
      for (Pause outer : selected) {
        if (outer != pause && pause.nestedIn(outer)) {
          nested++;
          break;
        }
      }
    }
    return nested;
  }
}
