package dev.jvmmetrics.agent.otlp;

import dev.jvmmetrics.agent.metrics.OtelMetric;
import dev.jvmmetrics.agent.platform.PerfDataFile;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;
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

  private final List<MemoryPoolMXBean> pools;
  private final List<BufferPoolMXBean> bufferPools;
  private final ThreadMXBean threads;
  private final ClassLoadingMXBean classes;
  private final OperatingSystemMXBean os;

  RuntimeSeries(
      List<MemoryPoolMXBean> pools,
      List<BufferPoolMXBean> bufferPools,
      ThreadMXBean threads,
      ClassLoadingMXBean classes,
      OperatingSystemMXBean os) {
    this.pools = pools;
    this.bufferPools = bufferPools;
    this.threads = threads;
    this.classes = classes;
    this.os = os;
  }

  static RuntimeSeries forThisJvm() {
    return new RuntimeSeries(
        ManagementFactory.getMemoryPoolMXBeans(),
        ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class),
        ManagementFactory.getThreadMXBean(),
        ManagementFactory.getClassLoadingMXBean(),
        ManagementFactory.getOperatingSystemMXBean());
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
      long daemon = threads.getDaemonThreadCount();
      out.beginMetric(OtelMetric.JVM_THREAD_COUNT, ExportEncoder.CUMULATIVE);
      out.longPoint("jvm.thread.daemon", true, null, null, originNanos, now, daemon);
      out.longPoint("jvm.thread.daemon", false, null, null, originNanos, now, total - daemon);
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
    try {
      upDown(out, OtelMetric.JVM_CPU_COUNT, os.getAvailableProcessors(), originNanos, now);
    } catch (RuntimeException | Error e) {
      // As above.
    }
    writeCpu(out, temporality, originNanos, now);
  }

  private void writeMemory(ExportEncoder out, long originNanos, long now) {
    int n = pools.size();
    String[] names = new String[n];
    String[] types = new String[n];
    long[][] values = new long[4][n]; // used, committed, limit, used after last GC; -1 absent
    for (int i = 0; i < n; i++) {
      MemoryPoolMXBean pool = pools.get(i);
      names[i] = pool.getName();
      types[i] = pool.getType() == MemoryType.HEAP ? "heap" : "non_heap";
      MemoryUsage usage = pool.getUsage();
      values[0][i] = usage == null ? -1 : usage.getUsed();
      values[1][i] = usage == null ? -1 : usage.getCommitted();
      values[2][i] = usage == null ? -1 : usage.getMax();
      MemoryUsage afterGc = pool.getCollectionUsage(); // null for a pool no collector manages
      values[3][i] = afterGc == null ? -1 : afterGc.getUsed();
    }
    OtelMetric[] metrics = {
      OtelMetric.JVM_MEMORY_USED,
      OtelMetric.JVM_MEMORY_COMMITTED,
      OtelMetric.JVM_MEMORY_LIMIT,
      OtelMetric.JVM_MEMORY_USED_AFTER_LAST_GC
    };
    for (int m = 0; m < metrics.length; m++) {
      boolean begun = false;
      for (int i = 0; i < n; i++) {
        if (values[m][i] < 0) {
          continue; // undefined for this pool (no limit, not collected)
        }
        if (!begun) {
          out.beginMetric(metrics[m], ExportEncoder.CUMULATIVE);
          begun = true;
        }
        out.longPoint(TYPE, types[i], POOL, names[i], originNanos, now, values[m][i]);
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
    String[] names = new String[n];
    long[][] values = new long[3][n]; // used, limit (total capacity), count
    for (int i = 0; i < n; i++) {
      BufferPoolMXBean pool = bufferPools.get(i);
      names[i] = pool.getName();
      long used = pool.getMemoryUsed();
      if ("mapped".equals(names[i])) {
        // The agent's own view of the JVM's performance counters is not the application's.
        used -= PerfDataFile.ownMappedBytes();
      }
      values[0][i] = Math.max(0, used);
      values[1][i] = Math.max(0, pool.getTotalCapacity());
      values[2][i] = Math.max(0, pool.getCount());
    }
    OtelMetric[] metrics = {
      OtelMetric.JVM_BUFFER_MEMORY_USED,
      OtelMetric.JVM_BUFFER_MEMORY_LIMIT,
      OtelMetric.JVM_BUFFER_COUNT
    };
    for (int m = 0; m < metrics.length; m++) {
      out.beginMetric(metrics[m], ExportEncoder.CUMULATIVE);
      for (int i = 0; i < n; i++) {
        out.longPoint(BUFFER_POOL, names[i], null, null, originNanos, now, values[m][i]);
      }
      out.endMetric();
    }
  }

  private void writeCpu(ExportEncoder out, Temporality temporality, long originNanos, long now) {
    long cpuNanos;
    double load;
    try {
      cpuNanos = ProcessCpu.timeNanos(os);
      load = ProcessCpu.recentUtilization(os);
    } catch (Throwable t) {
      return; // Not a HotSpot or OpenJ9 bean: the conventions' CPU series are left out.
    }
    if (cpuNanos >= 0) {
      long sent = temporality.value(OtelMetric.JVM_CPU_TIME.otel(), cpuNanos);
      out.beginMetric(OtelMetric.JVM_CPU_TIME, temporality.code());
      out.doublePoint(null, null, null, null, temporality.start(originNanos), now, sent / 1e9);
      out.endMetric();
    }
    if (load >= 0 && load <= 1) {
      out.beginMetric(OtelMetric.JVM_CPU_RECENT_UTILIZATION, ExportEncoder.CUMULATIVE);
      out.doublePoint(null, null, null, null, 0, now, load);
      out.endMetric();
    }
  }

  private static void counter(
      ExportEncoder out,
      Temporality temporality,
      OtelMetric metric,
      long total,
      long originNanos,
      long now) {
    long sent = temporality.value(metric.otel(), total);
    out.beginMetric(metric, temporality.code());
    out.longPoint(null, null, null, null, temporality.start(originNanos), now, sent);
    out.endMetric();
  }

  private static void upDown(
      ExportEncoder out, OtelMetric metric, long value, long originNanos, long now) {
    out.beginMetric(metric, ExportEncoder.CUMULATIVE);
    out.longPoint(null, null, null, null, originNanos, now, value);
    out.endMetric();
  }
}
