package dev.jvmmetrics.agent.metrics;

import dev.jvmmetrics.agent.platform.ResidentMemory;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The process's resident memory, beside the JVM's own heap and non-heap figures: the gap between
 * them is the native memory no MXBean shows, and it is what the dyno's memory quota is measured
 * against (docs/metrics.md says how to read it).
 *
 * <pre>
 * process_resident_memory_bytes   318767104
 * </pre>
 *
 * <p>Read at every report ({@link ResidentMemory}); absent where there is no {@code /proc}.
 */
final class ResidentMemorySource implements MetricSource, AutoCloseable {
  static final String RESIDENT = Metric.PROCESS_RESIDENT_MEMORY.heroku();

  private final ResidentMemory memory;

  ResidentMemorySource(ResidentMemory memory) {
    this.memory = memory;
  }

  /** The source for this process, or null where its resident memory cannot be read. */
  static ResidentMemorySource forThisJvm() {
    ResidentMemory memory = ResidentMemory.forThisProcess();
    return memory == null ? null : new ResidentMemorySource(memory);
  }

  @Override
  public void collectInto(Sample sample) {
    long bytes;
    try {
      bytes = memory.residentBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // The collector leaves this source out, saying so once.
    }
    if (bytes >= 0) {
      sample.gauge(RESIDENT, bytes);
    }
  }

  /** Closes the file kept open for the reads. */
  @Override
  public void close() {
    memory.close();
  }
}
