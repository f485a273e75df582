package dev.jvmmetrics.agent.platform;

/**
 * Safepoint totals from the JVM's performance counters: every stop of all application threads, for
 * a collection or any other VM operation (deoptimization, class redefinition, thread dumps,
 * biased-locking revocation, the periodic cleanup), and how long bringing the threads to a halt
 * took. HotSpot keeps these on every JDK from 8 on:
 *
 * <pre>
 * sun.rt.safepoints=575                 safepoints since the JVM started
 * sun.rt.safepointSyncTime=17928563     ticks spent reaching them (time to safepoint)
 * sun.rt.safepointTime=982745469        ticks spent at them
 * sun.os.hrt.frequency=1000000000       ticks per second
 * </pre>
 *
 * <p>What {@code sun.rt.safepointTime} covers changed with the rewrite of safepoint tracing in JDK
 * 13. Up to JDK 12 it runs from the safepoint's start to its end, time to safepoint included (the
 * span JDK 8's {@code -XX:+PrintGCApplicationStoppedTime} and JDK 11's {@code -Xlog:safepoint}
 * print as "Total time for which application threads were stopped"); from JDK 13 it starts once the
 * threads are stopped, and the span {@code -Xlog:safepoint} prints as "Total" is the sum of the two
 * counters. {@link #stoppedNanos()} is that whole span on every JDK.
 */
public final class PerfSafepoints {
  static final String COUNT = "sun.rt.safepoints";
  static final String TIME = "sun.rt.safepointTime";
  static final String SYNC_TIME = "sun.rt.safepointSyncTime";
  static final String PREFIX = "sun.rt.safepoint";

  private final PerfData data;
  private final int count;
  private final int time;
  private final int syncTime;
  private final long ticksPerSecond;
  private final boolean timeIncludesSync;

  private PerfSafepoints(
      PerfData data, int count, int time, int syncTime, long ticksPerSecond, boolean includesSync) {
    this.data = data;
    this.count = count;
    this.time = time;
    this.syncTime = syncTime;
    this.ticksPerSecond = ticksPerSecond;
    this.timeIncludesSync = includesSync;
  }

  /** This JVM's safepoint counters, or null when it has none (performance data off, no file). */
  public static PerfSafepoints forThisJvm() {
    PerfData data = PerfDataFile.shared();
    return data == null
        ? null
        : from(data, timeIncludesSync(System.getProperty("java.specification.version", "")));
  }

  /**
   * Whether {@code sun.rt.safepointTime} includes the time to safepoint on the JDK whose {@code
   * java.specification.version} is {@code specVersion} ("1.8", "11", "17"): up to JDK 12.
   */
  public static boolean timeIncludesSync(String specVersion) {
    String major = specVersion.startsWith("1.") ? specVersion.substring(2) : specVersion;
    int dot = major.indexOf('.');
    try {
      return Integer.parseInt(dot < 0 ? major : major.substring(0, dot)) <= 12;
    } catch (NumberFormatException e) {
      return false; // Not a version we know: a JDK newer than this agent.
    }
  }

  /**
   * The safepoint counters in {@code data}, or null unless all three and the frequency are there.
   */
  public static PerfSafepoints from(PerfData data, boolean timeIncludesSync) {
    long frequency = data.longValue(PerfGcPauses.FREQUENCY, -1);
    int count = data.longPosition(COUNT);
    int time = data.longPosition(TIME);
    int syncTime = data.longPosition(SYNC_TIME);
    if (frequency <= 0 || count < 0 || time < 0 || syncTime < 0) {
      return null;
    }
    return new PerfSafepoints(data, count, time, syncTime, frequency, timeIncludesSync);
  }

  /** Safepoints since the JVM started. */
  public long count() {
    return data.readLong(count);
  }

  /**
   * Time the application's threads were stopped for safepoints since the JVM started, from the
   * request to stop to the restart, in nanoseconds.
   */
  public long stoppedNanos() {
    long sync = data.readLong(syncTime);
    long at = data.readLong(time);
    return PerfGcPauses.ticksToNanos(timeIncludesSync ? at : at + sync, ticksPerSecond);
  }

  /** The part of {@link #stoppedNanos()} spent bringing the threads to the safepoint. */
  public long syncNanos() {
    return PerfGcPauses.ticksToNanos(data.readLong(syncTime), ticksPerSecond);
  }
}
