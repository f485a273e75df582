package dev.jvmmetrics.agent.otlp;

import java.lang.management.OperatingSystemMXBean;

/**
 * The process's CPU time from {@code com.sun.management.OperatingSystemMXBean} (HotSpot and
 * OpenJ9). Kept in its own class so that a JVM without that interface fails here, when first
 * called, with an error the caller catches, and nowhere else.
 */
final class ProcessCpu {
  private ProcessCpu() {}

  /** CPU time of the process in nanoseconds; -1 when unavailable. */
  static long timeNanos(OperatingSystemMXBean os) {
    if (os instanceof com.sun.management.OperatingSystemMXBean) {
      return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
    }
    return -1;
  }
}
