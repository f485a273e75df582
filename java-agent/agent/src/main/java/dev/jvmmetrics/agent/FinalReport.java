package dev.jvmmetrics.agent;

import dev.jvmmetrics.agent.metrics.Collector;
import dev.jvmmetrics.agent.report.ReportLock;
import dev.jvmmetrics.agent.report.Reporter;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The shutdown hook: each destination's last report, if this JVM is still the reporter, all within
 * {@link ReportingLoop#FINAL_REPORT_MILLIS}, each given an equal share of what is left; then the
 * sources let go of what they hold (GC listeners), unless the loop's report is still reading them.
 */
final class FinalReport implements Runnable {
  private final List<Reporter> reporters;
  private final ReportLock lock;
  private final ReentrantLock busy;
  private final Collector collector;

  FinalReport(List<Reporter> reporters, ReportLock lock, ReentrantLock busy, Collector collector) {
    this.reporters = reporters;
    this.lock = lock;
    this.busy = busy;
    this.collector = collector;
  }

  @Override
  public void run() {
    try {
      if (lock.isHeld()) {
        finalReports();
      }
      if (busy.tryLock()) {
        try {
          collector.close();
        } finally {
          busy.unlock();
        }
      }
    } catch (Throwable ignored) {
      // Nothing may escape into the JVM's shutdown.
    }
  }

  private void finalReports() {
    long deadline = System.nanoTime() + ReportingLoop.FINAL_REPORT_MILLIS * 1_000_000L;
    // Every destination first: a report in flight to one must end within the budget too.
    for (Reporter reporter : reporters) {
      reporter.cutOff(deadline);
    }
    for (int i = 0; i < reporters.size(); i++) {
      try {
        long left = (deadline - System.nanoTime()) / 1_000_000L;
        reporters.get(i).finalReport(Math.max(0, left / (reporters.size() - i)));
      } catch (Throwable ignored) {
        // Nothing may escape into the JVM's shutdown.
      }
    }
  }
}
