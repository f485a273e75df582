package dev.jvmmetrics.agent.metrics;

import java.lang.management.ManagementFactory;

/**
 * What the first report pays once, source by source, in a fresh JVM: each source's look-up (the
 * MXBeans, the perf data file, the cgroup limit, Native Memory Tracking's switch) and its first
 * read, as CPU time and bytes allocated on this thread. Run by {@code make bench} on each JDK
 * (test/bench/run.sh); not a JMH benchmark, because a once-only cost is what it measures.
 *
 * <p>The clocks are {@code com.sun.management.ThreadMXBean}'s, so the platform MXBean set-up they
 * need is paid before the first figure: the agent pays it inside the first source that asks.
 */
public final class SetUpCost {
  private static final String[] NAMES = Collector.SOURCE_NAMES;

  private SetUpCost() {}

  public static void main(String[] args) {
    com.sun.management.ThreadMXBean clock =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    long[] cpu = new long[NAMES.length * 2 + 1];
    long[] bytes = new long[NAMES.length * 2 + 1];
    Sample sample = new Sample();
    for (int i = 0; i < NAMES.length; i++) {
      cpu[2 * i] = clock.getCurrentThreadCpuTime();
      bytes[2 * i] = clock.getThreadAllocatedBytes(thread);
      MetricSource source = Collector.lookUp(i);
      cpu[2 * i + 1] = clock.getCurrentThreadCpuTime();
      bytes[2 * i + 1] = clock.getThreadAllocatedBytes(thread);
      if (source != null) {
        source.collectInto(sample);
      }
    }
    cpu[cpu.length - 1] = clock.getCurrentThreadCpuTime();
    bytes[bytes.length - 1] = clock.getThreadAllocatedBytes(thread);
    // Printed only now: formatting the first line loads classes of its own.
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < NAMES.length; i++) {
      line(
          out, NAMES[i] + " look-up", cpu[2 * i + 1] - cpu[2 * i], bytes[2 * i + 1] - bytes[2 * i]);
      line(out, NAMES[i] + " 1st read", cpu[2 * i + 2] - cpu[2 * i + 1], 0);
    }
    line(out, "all sources", cpu[cpu.length - 1] - cpu[0], bytes[bytes.length - 1] - bytes[0]);
    System.out.print(out);
  }

  private static void line(StringBuilder out, String what, long nanos, long allocated) {
    out.append("    ").append(what);
    for (int i = what.length(); i < 32; i++) {
      out.append(' ');
    }
    out.append(String.format("%7.2f ms CPU", nanos / 1e6));
    if (allocated > 0) {
      out.append(String.format("  %6d KB allocated", allocated / 1024));
    }
    out.append('\n');
  }
}
