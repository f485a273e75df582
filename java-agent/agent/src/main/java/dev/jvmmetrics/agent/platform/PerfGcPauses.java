package dev.jvmmetrics.agent.platform;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

/**
 * Stop-the-world pause totals from the JVM's per-collector performance counters: {@code
 * sun.gc.collector.<n>.invocations} (one per pause) and {@code .time} (in ticks of {@code
 * sun.os.hrt.frequency}, nanoseconds on Linux). This is the most precise pause time a JVM exposes:
 * whole ticks, where a collector bean gives milliseconds and a GC notification's duration is the
 * difference of two timestamps each cut to the millisecond. It also holds pauses no bean shows: on
 * JDK 11 to 19, G1's Remark and Cleanup pauses live only in {@code "G1 concurrent cycle pauses"}.
 *
 * <p>Used only when every collector entry the JVM has is one we checked against {@code -Xlog:gc}
 * pause lines: an unknown name, or one known to mix pauses with concurrent phases (Shenandoah's),
 * rules this source out as a whole, so pauses are never taken from two sources at once.
 *
 * <pre>
 * sun.gc.collector.0.name="G1 young collection pauses"   invocations=780  time=718144721
 * sun.gc.collector.1.name="G1 full collection pauses"    invocations=6    time=11400120
 * sun.gc.collector.2.name="G1 concurrent cycle pauses"   invocations=195  time=45923694
 *   → 981 pauses, 0.775467935 s
 * </pre>
 */
public final class PerfGcPauses {
  static final String COLLECTOR_PREFIX = "sun.gc.collector.";
  static final String FREQUENCY = "sun.os.hrt.frequency";

  /** HotSpot numbers its collector entries from 0; the highest in use today is 2. */
  static final int MAX_COLLECTORS = 16;

  /**
   * Collector entries each of whose invocations is exactly one stop-the-world pause, timed inside
   * it: checked against {@code -Xlog:gc} on JDK 11 (the short names, which JDK 8 also uses), 17 and
   * 25.
   */
  static final Set<String> PAUSE_COLLECTORS =
      Collections.unmodifiableSet(
          new HashSet<>(
              Arrays.asList(
                  // Serial, Parallel, CMS and G1 up to JDK 16
                  "Copy",
                  "MSC",
                  "PSScavenge",
                  "PSParallelCompact",
                  "PCopy",
                  "CMS",
                  "CMS stop-the-world phases",
                  "G1 incremental collections",
                  "G1 stop-the-world full collections",
                  "G1 stop-the-world phases",
                  // JDK 17 and later
                  "Serial young collection pauses",
                  "Serial full collection pauses",
                  "Parallel young collection pauses",
                  "Parallel full collection pauses",
                  "G1 young collection pauses",
                  "G1 full collection pauses",
                  "G1 concurrent cycle pauses",
                  "Z concurrent cycle pauses",
                  "ZGC minor collection pauses",
                  "ZGC major collection pauses")));

  private final PerfData data;
  private final int[] invocations;
  private final int[] ticks;
  private final long ticksPerSecond;

  private PerfGcPauses(PerfData data, int[] invocations, int[] ticks, long ticksPerSecond) {
    this.data = data;
    this.invocations = invocations;
    this.ticks = ticks;
    this.ticksPerSecond = ticksPerSecond;
  }

  /** This JVM's pause counters, or null when it has none this class can vouch for. */
  public static PerfGcPauses forThisJvm() {
    PerfData data = PerfDataFile.shared();
    return data == null ? null : from(data);
  }

  /**
   * The pause counters in {@code data}, or null unless every collector entry is a known pause one.
   */
  public static PerfGcPauses from(PerfData data) {
    long frequency = data.longValue(FREQUENCY, -1);
    if (frequency <= 0) {
      return null;
    }
    int[] invocations = new int[MAX_COLLECTORS];
    int[] ticks = new int[MAX_COLLECTORS];
    int found = 0;
    for (int n = 0; n < MAX_COLLECTORS; n++) {
      String prefix = COLLECTOR_PREFIX + n + ".";
      String name = data.string(prefix + "name");
      if (name == null) {
        continue;
      }
      if (!PAUSE_COLLECTORS.contains(name)) {
        return null;
      }
      invocations[found] = data.longPosition(prefix + "invocations");
      ticks[found] = data.longPosition(prefix + "time");
      if (invocations[found] < 0 || ticks[found] < 0) {
        return null;
      }
      found++;
    }
    if (found == 0) {
      return null;
    }
    return new PerfGcPauses(
        data, Arrays.copyOf(invocations, found), Arrays.copyOf(ticks, found), frequency);
  }

  /** Stop-the-world pauses since the JVM started. */
  public long pauseCount() {
    long total = 0;
    for (int position : invocations) {
      total += data.readLong(position);
    }
    return total;
  }

  /** Stop-the-world pause time since the JVM started, in nanoseconds. */
  public long pauseNanos() {
    long total = 0;
    for (int position : ticks) {
      total += data.readLong(position);
    }
    return ticksToNanos(total, ticksPerSecond);
  }

  /**
   * {@code ticks} at {@code ticksPerSecond} in nanoseconds, exact when the clock counts
   * nanoseconds.
   */
  static long ticksToNanos(long ticks, long ticksPerSecond) {
    if (ticksPerSecond == 1_000_000_000L) {
      return ticks;
    }
    return ticks / ticksPerSecond * 1_000_000_000L
        + ticks % ticksPerSecond * 1_000_000_000L / ticksPerSecond;
  }
}
