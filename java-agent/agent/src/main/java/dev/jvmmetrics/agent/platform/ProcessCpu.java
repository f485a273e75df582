package dev.jvmmetrics.agent.platform;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.ByteOrder;
import java.nio.file.Paths;

/**
 * The process's CPU time (user + system), from {@code /proc/self/stat} where there is one (Linux,
 * so every dyno), else from {@code com.sun.management.OperatingSystemMXBean}.
 *
 * <p>Not the bean first: on JDK 17 {@code ManagementFactory.getOperatingSystemMXBean()} alone loads
 * 121 classes (144 on Temurin 25) that nothing else of the agent needs: its implementation finds
 * the container's cgroups at construction (regular expressions, streams and readers over {@code
 * /proc/self/mountinfo}). The file counts in clock ticks ({@code AT_CLKTCK} of the process's
 * auxiliary vector, 100 a second on every Linux Heroku runs), so the time is to the 10 ms, where
 * the bean's is to the nanosecond; over an export interval of seconds that is noise. The file stays
 * open and is read again from its start at each export: the kernel writes it anew at each read from
 * offset 0, and nothing is allocated.
 */
public final class ProcessCpu implements AutoCloseable {
  /** The auxiliary vector's entry type for the clock tick rate (Linux {@code <elf.h>}). */
  static final long AT_CLKTCK = 17;

  /** {@code utime} is the 14th field of {@code /proc/<pid>/stat}, 11 after the command's ')'. */
  private static final int FIELDS_TO_UTIME = 11;

  private final RandomAccessFile stat;
  private final long nanosPerTick;
  private final byte[] buffer = new byte[1024];

  /** Without {@code /proc}: the bean, looked up once. */
  private OperatingSystemMXBean bean;

  ProcessCpu(RandomAccessFile stat, long ticksPerSecond) {
    this.stat = stat;
    this.nanosPerTick = ticksPerSecond > 0 ? 1_000_000_000L / ticksPerSecond : 0;
  }

  /**
   * The reader of this process's CPU time: {@code /proc/self/stat} when it reads, else the bean.
   */
  public static ProcessCpu forThisProcess() {
    RandomAccessFile stat = null;
    try {
      long ticks =
          clockTicks(
              SmallFiles.readAllBytes(Paths.get("/proc/self/auxv")), SmallFiles.auxvWordBytes());
      stat = new RandomAccessFile("/proc/self/stat", "r");
      ProcessCpu cpu = new ProcessCpu(stat, ticks > 0 ? ticks : 100);
      if (cpu.fromStat() >= 0) {
        return cpu;
      }
    } catch (IOException | RuntimeException e) {
      // No /proc: not Linux, or hidden. The bean below.
    }
    SmallFiles.closeQuietly(stat);
    return new ProcessCpu(null, 0);
  }

  /** CPU time of the process in nanoseconds; -1 when unavailable. */
  public long timeNanos() {
    if (stat != null) {
      try {
        return fromStat();
      } catch (IOException | RuntimeException e) {
        return -1;
      }
    }
    if (bean == null) {
      bean = ManagementFactory.getOperatingSystemMXBean();
    }
    if (bean instanceof com.sun.management.OperatingSystemMXBean) {
      return ((com.sun.management.OperatingSystemMXBean) bean).getProcessCpuTime();
    }
    return -1;
  }

  private long fromStat() throws IOException {
    long ticks = userPlusSystemTicks(buffer, SmallFiles.readFromStart(stat, buffer));
    return ticks < 0 ? -1 : ticks * nanosPerTick;
  }

  /**
   * {@code utime + stime} of a {@code /proc/<pid>/stat} line, or -1 when it has none. The command
   * name in parentheses may hold spaces and parentheses of its own: the fields count from the last
   * ')'.
   */
  static long userPlusSystemTicks(byte[] line, int length) {
    int at = length - 1;
    while (at >= 0 && line[at] != ')') {
      at--;
    }
    if (at < 0) {
      return -1;
    }
    at++;
    for (int field = 0; field < FIELDS_TO_UTIME; field++) {
      at = skipField(line, at, length);
    }
    long total = 0;
    for (int field = 0; field < 2; field++) {
      while (at < length && line[at] == ' ') {
        at++;
      }
      if (at == length || line[at] < '0' || line[at] > '9') {
        return -1;
      }
      long value = 0;
      while (at < length && line[at] >= '0' && line[at] <= '9') {
        value = value * 10 + (line[at++] - '0');
      }
      total += value;
    }
    return total;
  }

  private static int skipField(byte[] line, int at, int length) {
    while (at < length && line[at] == ' ') {
      at++;
    }
    while (at < length && line[at] != ' ') {
      at++;
    }
    return at;
  }

  /** The {@code AT_CLKTCK} value of this machine's auxiliary vector, or -1 when it has none. */
  static long clockTicks(byte[] auxv, int wordBytes) {
    return SmallFiles.auxvEntry(auxv, AT_CLKTCK, wordBytes, ByteOrder.nativeOrder());
  }

  @Override
  public void close() {
    SmallFiles.closeQuietly(stat);
  }
}
