package dev.jvmmetrics.agent.platform;

import java.io.IOException;
import java.lang.management.RuntimeMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;

/**
 * Finds this JVM's own performance-data file and maps it read-only: the JVM keeps its counters in a
 * shared-memory file, {@code /tmp/hsperfdata_<user>/<pid>}, so that {@code jstat} can read them
 * from outside. Reading our own copy needs only file APIs (no {@code jdk.internal.perf}, no {@code
 * --add-exports}), and costs nothing per read but a memory load. Through the native bootstrap the
 * mapping is made natively ({@link Natives#map}), sparing {@code FileChannel.map}'s reflection.
 *
 * <p>There is no file with {@code -XX:-UsePerfData} or {@code -XX:+PerfDisableSharedMem}, nor when
 * the JVM could not create it (no writable {@code /tmp}, a user id without a name). A file by our
 * pid could also be a stale one left by another JVM (a container restarted with the same pid, a
 * crash), so a file counts as ours only when its {@code sun.rt.vmInitDoneTime} equals this JVM's
 * {@link RuntimeMXBean#getStartTime()}: the JVM answers the latter from that very counter. Being in
 * the JVM itself, we see the same {@code /tmp} and pid namespace it wrote with.
 */
public final class PerfDataFile {
  static final String START_TIME = "sun.rt.vmInitDoneTime";
  static final String PREFIX = "hsperfdata_";

  /** The region is 32 KB by default ({@code -XX:PerfDataMemorySize}); anything huge is not ours. */
  static final long MAX_BYTES = 64L << 20;

  /** Every entry any part of the agent reads: the file is mapped once, with all of them. */
  static final String[] AGENT_PREFIXES = {
    PerfGcPauses.COLLECTOR_PREFIX, PerfGcPauses.FREQUENCY, PerfSafepoints.PREFIX
  };

  private static volatile long ownMappedBytes;
  private static PerfData shared;
  private static boolean sharedLookedUp;

  private PerfDataFile() {}

  /**
   * This JVM's performance data with every entry of {@link #AGENT_PREFIXES}, looked up once and
   * then shared by every reader, so the agent maps the file once (and {@link #ownMappedBytes()} is
   * right).
   */
  static synchronized PerfData shared() {
    if (!sharedLookedUp) {
      shared = forThisJvm(AGENT_PREFIXES);
      sharedLookedUp = true;
    }
    return shared;
  }

  /** This JVM's performance data, or null when it has none we can trust. */
  static PerfData forThisJvm(String... prefixes) {
    try {
      RuntimeMXBean runtime = PlatformBeans.runtime();
      String pid = pid(runtime);
      if (pid == null) {
        return null;
      }
      // HotSpot names the directory after the effective user; Java's user.name is the same name
      // unless overridden, so every hsperfdata_* directory is the fallback.
      return find(
          Paths.get("/tmp"),
          System.getProperty("user.name", ""),
          pid,
          runtime.getStartTime(),
          prefixes);
    } catch (Throwable t) {
      return null; // A SecurityManager, an unreadable /tmp: no performance data, nothing else.
    }
  }

  /** The file {@code <tmp>/hsperfdata_<user>/<pid>}, else {@code <tmp>/hsperfdata_* /<pid>}. */
  static PerfData find(Path tmp, String user, String pid, long startMillis, String... prefixes)
      throws IOException {
    PerfData data = open(tmp.resolve(PREFIX + user).resolve(pid), startMillis, prefixes);
    if (data != null) {
      return data;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, PREFIX + "*")) {
      for (Path dir : dirs) {
        data = open(dir.resolve(pid), startMillis, prefixes);
        if (data != null) {
          return data;
        }
      }
    }
    return null;
  }

  /**
   * The data in {@code file} when it is a live region of the JVM that started at {@code
   * startMillis}. The file is mapped and checked in place, with no copy into the heap (which was 32
   * KB at each open); a file that is not ours is dropped, its mapping released with the buffer. The
   * region is at its full size from the JVM's start, so mapping its current length maps it all.
   */
  static PerfData open(Path file, long startMillis, String... prefixes) {
    try {
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        return null;
      }
      String[] wanted = new String[prefixes.length + 1];
      System.arraycopy(prefixes, 0, wanted, 0, prefixes.length);
      wanted[prefixes.length] = START_TIME;
      // Through the bootstrap, mapped natively (Natives: FileChannel.map's reflection is costly on
      // JDK 18 and later), and in no buffer pool; else by FileChannel, in the "mapped" pool.
      ByteBuffer region = Natives.map(file.toString());
      boolean mappedNatively = region != null;
      if (!mappedNatively) {
        region = mapWithChannel(file);
      }
      PerfData live =
          region == null || region.capacity() < PerfData.PROLOGUE_BYTES
              ? null
              : PerfData.parse(region, wanted);
      if (live == null || live.longValue(START_TIME, -1) != startMillis) {
        if (mappedNatively) {
          Natives.unmapped(region); // A stale file of another JVM's; a channel's goes with GC.
        }
        return null;
      }
      ownMappedBytes = mappedNatively ? 0 : region.capacity();
      return live;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The file mapped read-only and shared (so we see the JVM's updates), or null if too large. */
  private static ByteBuffer mapWithChannel(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      // The mapping outlives the channel.
      return size > MAX_BYTES ? null : channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
    }
  }

  /**
   * Bytes of the agent's own mapping of this JVM's region: the JVM counts it in the {@code mapped}
   * buffer pool, where it is the agent's, not the application's ({@code metrics.MemorySource}
   * leaves it out). It adds no memory: the pages are the ones the JVM itself has mapped. Zero when
   * the bootstrap mapped it ({@link Natives#map}): no pool counts that mapping.
   */
  public static long ownMappedBytes() {
    return ownMappedBytes;
  }

  /** This process's id: {@code /proc/self} names it, else the runtime bean's {@code pid@host}. */
  static String pid(RuntimeMXBean runtime) {
    try {
      String self = Files.readSymbolicLink(Paths.get("/proc/self")).toString();
      if (isDigits(self)) {
        return self;
      }
    } catch (IOException | RuntimeException e) {
      // No /proc: ask the runtime bean instead.
    }
    String name = runtime.getName();
    int at = name.indexOf('@');
    String pid = at > 0 ? name.substring(0, at) : null;
    return isDigits(pid) ? pid : null;
  }

  private static boolean isDigits(String s) {
    if (s == null || s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
