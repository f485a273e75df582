package dev.jvmmetrics.agent.otlp;

import dev.jvmmetrics.agent.metrics.OtelMetric;
import dev.jvmmetrics.agent.platform.PerfDataFile;
import dev.jvmmetrics.agent.platform.PlatformBeans;
import dev.jvmmetrics.agent.platform.ProcessCpu;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * The series the semantic conventions define per pool, per buffer pool, per daemon flag, and for
 * classes and CPU, read from the platform MXBeans at each export. Every group is read whole before
 * any of it is written, so a bean that throws leaves its group out of this export and nothing half
 * written.
 *
 * <pre>
 * jvm.memory.used{jvm.memory.type=heap, jvm.memory.pool.name=G1 Eden Space}  20971520
 * jvm.thread.count{jvm.thread.daemon=true}                                  9
 * jvm.class.loaded                                                          1843
 * jvm.cpu.time                                                              1.27
 * jvm.buffer.memory.used{jvm.buffer.pool.name=direct}                       8192
 * </pre>
 */
final class RuntimeSeries {
  private static final String TYPE = "jvm.memory.type";
  private static final String POOL = "jvm.memory.pool.name";
  private static final String BUFFER_POOL = "jvm.buffer.pool.name";
  private static final String DAEMON = "jvm.thread.daemon";

  private static final OtelMetric[] MEMORY = {
    OtelMetric.JVM_MEMORY_USED,
    OtelMetric.JVM_MEMORY_COMMITTED,
    OtelMetric.JVM_MEMORY_LIMIT,
    OtelMetric.JVM_MEMORY_USED_AFTER_LAST_GC
  };
  private static final OtelMetric[] BUFFERS = {
    OtelMetric.JVM_BUFFER_MEMORY_USED,
    OtelMetric.JVM_BUFFER_MEMORY_LIMIT,
    OtelMetric.JVM_BUFFER_COUNT
  };

  private final List<MemoryPoolMXBean> pools;
  private final List<BufferPoolMXBean> bufferPools;
  private final ThreadMXBean threads;
  private final ClassLoadingMXBean classes;
  private final ProcessCpu cpu;

  // A pool's name and type, and a buffer pool's name, never change: their attributes are encoded
  // once, and each export reads the beans into arrays kept from one export to the next.
  private final byte[][] poolTypes;
  private final byte[][] poolNames;
  private final long[][] poolValues; // used, committed, limit, used after last GC; -1 absent
  private final byte[][] bufferNames;
  private final long[][] bufferValues; // used, limit (total capacity), count
  private final boolean[] bufferIsMapped;
  private final byte[] daemon;
  private final byte[] notDaemon;

  /**
   * The process's CPU time and the clock at the last export, for the utilization since; before the
   * first, the JVM's start (no CPU time, the clock its uptime ago), so that the first export sends
   * the average since then rather than the noise of the instant since this set-up.
   */
  private long lastCpuNanos;

  private long lastClockNanos;

  RuntimeSeries(
      List<MemoryPoolMXBean> pools,
      List<BufferPoolMXBean> bufferPools,
      ThreadMXBean threads,
      ClassLoadingMXBean classes,
      ProcessCpu cpu,
      long uptimeMillis,
      ExportEncoder encoder) {
    this.pools = pools;
    this.bufferPools = bufferPools;
    this.threads = threads;
    this.classes = classes;
    this.cpu = cpu;
    int n = pools.size();
    poolTypes = new byte[n][];
    poolNames = new byte[n][];
    poolValues = new long[MEMORY.length][n];
    for (int i = 0; i < n; i++) {
      try {
        MemoryPoolMXBean pool = pools.get(i);
        poolNames[i] = encoder.attribute(POOL, pool.getName());
        poolTypes[i] =
            encoder.attribute(TYPE, pool.getType() == MemoryType.HEAP ? "heap" : "non_heap");
      } catch (RuntimeException | Error e) {
        poolNames[i] = null; // This pool is left out of every export.
      }
    }
    n = bufferPools.size();
    bufferNames = new byte[n][];
    bufferValues = new long[BUFFERS.length][n];
    bufferIsMapped = new boolean[n];
    for (int i = 0; i < n; i++) {
      try {
        String name = bufferPools.get(i).getName();
        bufferNames[i] = encoder.attribute(BUFFER_POOL, name);
        bufferIsMapped[i] = "mapped".equals(name);
      } catch (RuntimeException | Error e) {
        bufferNames[i] = null; // As above.
      }
    }
    daemon = encoder.attribute(DAEMON, true);
    notDaemon = encoder.attribute(DAEMON, false);
    lastCpuNanos = 0;
    lastClockNanos = System.nanoTime() - uptimeMillis * 1_000_000L;
  }

  static RuntimeSeries forThisJvm(ExportEncoder encoder) {
    return new RuntimeSeries(
        PlatformBeans.memoryPools(),
        PlatformBeans.bufferPools(),
        PlatformBeans.threads(),
        PlatformBeans.classLoading(),
        ProcessCpu.forThisProcess(),
        PlatformBeans.runtime().getUptime(),
        encoder);
  }

  void write(ExportEncoder out, Temporality temporality, long originNanos, long now) {
    try {
      writeMemory(out, originNanos, now);
    } catch (RuntimeException | Error e) {
      // This JVM's pools failed to answer; the other groups still go out.
    }
    try {
      writeBuffers(out, originNanos, now);
    } catch (RuntimeException | Error e) {
      // As above.
    }
    try {
      long total = threads.getThreadCount();
      long daemonCount = threads.getDaemonThreadCount();
      out.beginMetric(OtelMetric.JVM_THREAD_COUNT, ExportEncoder.CUMULATIVE);
      out.longPoint(daemon, null, originNanos, now, daemonCount);
      out.longPoint(notDaemon, null, originNanos, now, total - daemonCount);
      out.endMetric();
    } catch (RuntimeException | Error e) {
      // As above.
    }
    try {
      long loaded = classes.getTotalLoadedClassCount();
      long unloaded = classes.getUnloadedClassCount();
      long count = classes.getLoadedClassCount();
      counter(out, temporality, OtelMetric.JVM_CLASS_LOADED, loaded, originNanos, now);
      counter(out, temporality, OtelMetric.JVM_CLASS_UNLOADED, unloaded, originNanos, now);
      upDown(out, OtelMetric.JVM_CLASS_COUNT, count, originNanos, now);
    } catch (RuntimeException | Error e) {
      // As above.
    }
    int processors = 0;
    try {
      // What the operating system bean would answer, without its set-up (see ProcessCpu).
      processors = Runtime.getRuntime().availableProcessors();
      upDown(out, OtelMetric.JVM_CPU_COUNT, processors, originNanos, now);
    } catch (RuntimeException | Error e) {
      // As above.
    }
    writeCpu(out, temporality, processors, originNanos, now);
  }

  private void writeMemory(ExportEncoder out, long originNanos, long now) {
    int n = pools.size();
    for (int i = 0; i < n; i++) {
      MemoryPoolMXBean pool = pools.get(i);
      MemoryUsage usage = poolNames[i] == null ? null : pool.getUsage();
      poolValues[0][i] = usage == null ? -1 : usage.getUsed();
      poolValues[1][i] = usage == null ? -1 : usage.getCommitted();
      poolValues[2][i] = usage == null ? -1 : usage.getMax();
      // null for a pool no collector manages
      MemoryUsage afterGc = poolNames[i] == null ? null : pool.getCollectionUsage();
      poolValues[3][i] = afterGc == null ? -1 : afterGc.getUsed();
    }
    for (int m = 0; m < MEMORY.length; m++) {
      boolean begun = false;
      for (int i = 0; i < n; i++) {
        if (poolValues[m][i] < 0) {
          continue; // undefined for this pool (no limit, not collected)
        }
        if (!begun) {
          out.beginMetric(MEMORY[m], ExportEncoder.CUMULATIVE);
          begun = true;
        }
        out.longPoint(poolTypes[i], poolNames[i], originNanos, now, poolValues[m][i]);
      }
      if (begun) {
        out.endMetric();
      }
    }
  }

  private void writeBuffers(ExportEncoder out, long originNanos, long now) {
    int n = bufferPools.size();
    if (n == 0) {
      return;
    }
    for (int i = 0; i < n; i++) {
      BufferPoolMXBean pool = bufferPools.get(i);
      long used = pool.getMemoryUsed();
      if (bufferIsMapped[i]) {
        // The agent's own view of the JVM's performance counters is not the application's.
        used -= PerfDataFile.ownMappedBytes();
      }
      bufferValues[0][i] = Math.max(0, used);
      bufferValues[1][i] = Math.max(0, pool.getTotalCapacity());
      bufferValues[2][i] = Math.max(0, pool.getCount());
    }
    for (int m = 0; m < BUFFERS.length; m++) {
      out.beginMetric(BUFFERS[m], ExportEncoder.CUMULATIVE);
      for (int i = 0; i < n; i++) {
        if (bufferNames[i] != null) {
          out.longPoint(bufferNames[i], null, originNanos, now, bufferValues[m][i]);
        }
      }
      out.endMetric();
    }
  }

  /**
   * {@code jvm.cpu.time}, and {@code jvm.cpu.recent_utilization} as the process's CPU time since
   * the last export over the time the processors available to the JVM had. Not the bean's {@code
   * getProcessCpuLoad()}: in a container (a dyno is one) that reads the cgroup's CPU quota, shares
   * and CPU set files at every call, about 100 KB of garbage per export on JDK 17, where this costs
   * two longs.
   */
  private void writeCpu(
      ExportEncoder out, Temporality temporality, int processors, long originNanos, long now) {
    long cpuNanos;
    try {
      cpuNanos = cpu.timeNanos();
    } catch (Throwable t) {
      return; // Not a HotSpot or OpenJ9 bean: the conventions' CPU series are left out.
    }
    if (cpuNanos < 0) {
      return;
    }
    long sent = temporality.value(OtelMetric.JVM_CPU_TIME.ordinal(), cpuNanos);
    out.beginMetric(OtelMetric.JVM_CPU_TIME, temporality.code());
    out.doublePoint(null, null, temporality.start(originNanos), now, sent / 1e9);
    out.endMetric();
    long clock = System.nanoTime();
    long elapsed = clock - lastClockNanos;
    if (processors > 0 && elapsed > 0) {
      double load = (cpuNanos - lastCpuNanos) / ((double) elapsed * processors);
      out.beginMetric(OtelMetric.JVM_CPU_RECENT_UTILIZATION, ExportEncoder.CUMULATIVE);
      out.doublePoint(null, null, 0, now, Math.max(0, Math.min(1, load)));
      out.endMetric();
    }
    lastCpuNanos = cpuNanos;
    lastClockNanos = clock;
  }

  /** Closes the CPU time's file. */
  void close() {
    cpu.close();
  }

  private static void counter(
      ExportEncoder out,
      Temporality temporality,
      OtelMetric metric,
      long total,
      long originNanos,
      long now) {
    long sent = temporality.value(metric.ordinal(), total);
    out.beginMetric(metric, temporality.code());
    out.longPoint(null, null, temporality.start(originNanos), now, sent);
    out.endMetric();
  }

  private static void upDown(
      ExportEncoder out, OtelMetric metric, long value, long originNanos, long now) {
    out.beginMetric(metric, ExportEncoder.CUMULATIVE);
    out.longPoint(null, null, originNanos, now, value);
    out.endMetric();
  }
}
