package dev.jvmmetrics.agent.metrics;

import dev.jvmmetrics.agent.platform.CgroupMemoryLimit;
import java.nio.file.Paths;

/**
 * The container's memory limit: the quota a dyno's memory is charted against (Go's chart shows the
 * GC goal under it; the JVM's heap max sits under it the same way).
 *
 * <pre>
 * container_memory_limit_bytes   536870912
 * </pre>
 *
 * <p>Read once, when the reporter starts ({@link CgroupMemoryLimit}): a dyno's limit is fixed for
 * its life, and each report then costs nothing. Absent when the cgroup sets no limit.
 */
final class ContainerMemorySource implements MetricSource {
  static final String LIMIT = Metric.CONTAINER_MEMORY_LIMIT.heroku();

  private final long limitBytes;

  ContainerMemorySource(long limitBytes) {
    this.limitBytes = limitBytes;
  }

  /** The source for this JVM's container, or null when it has no memory limit. */
  static ContainerMemorySource forThisJvm() {
    long limit = new CgroupMemoryLimit(Paths.get("/")).read();
    return limit != CgroupMemoryLimit.NONE ? new ContainerMemorySource(limit) : null;
  }

  @Override
  public void collectInto(Sample sample) {
    sample.gauge(LIMIT, limitBytes);
  }
}
