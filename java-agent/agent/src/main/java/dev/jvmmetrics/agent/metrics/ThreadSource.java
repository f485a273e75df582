package dev.jvmmetrics.agent.metrics;

import dev.jvmmetrics.agent.platform.PlatformBeans;
import java.lang.management.ThreadMXBean;

/**
 * Live threads: the JVM's analog of Go's goroutine count.
 *
 * <pre>
 * jvm_threads_current  23
 * jvm_threads_daemon   19
 * jvm_threads_peak     25
 * </pre>
 */
public final class ThreadSource implements MetricSource {
  static final String CURRENT = Metric.THREADS.heroku();
  static final String DAEMON = Metric.THREADS_DAEMON.heroku();
  static final String PEAK = Metric.THREADS_PEAK.heroku();

  private final ThreadMXBean threads;

  ThreadSource(ThreadMXBean threads) {
    this.threads = threads;
  }

  static ThreadSource forThisJvm() {
    return new ThreadSource(PlatformBeans.threads());
  }

  @Override
  public void collectInto(Sample sample) {
    sample.gauge(CURRENT, threads.getThreadCount());
    sample.gauge(DAEMON, threads.getDaemonThreadCount());
    sample.gauge(PEAK, threads.getPeakThreadCount());
  }
}
