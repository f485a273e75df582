package dev.jvmmetrics.agent.report;

import dev.jvmmetrics.agent.metrics.Collector;
import dev.jvmmetrics.agent.metrics.Sample;
import java.io.IOException;

/**
 * The Heroku destination's payload: every source read into a {@link Sample}, written as Heroku's
 * JSON with counters as deltas against the totals last delivered ({@link CounterLedger}).
 */
public final class HerokuPayload implements Payload {
  private final Collector collector;
  private final PayloadWriter writer = new PayloadWriter();
  private final CounterLedger ledger = new CounterLedger();
  private final Sample sample = new Sample();
  private final boolean ownsCollector;

  /** A payload over {@code collector}'s sources, which {@link #close()} closes. */
  public HerokuPayload(Collector collector) {
    this(collector, true);
  }

  /**
   * @param ownsCollector whether {@link #close()} closes the sources; false when another
   *     destination reads them too and whoever made them closes them
   */
  public HerokuPayload(Collector collector, boolean ownsCollector) {
    this.collector = collector;
    this.ownsCollector = ownsCollector;
  }

  @Override
  public Body write(long nowEpochMillis) throws IOException {
    collector.collectInto(sample);
    // Before the body: once it is delivered, the commit must not need to allocate.
    ledger.track(sample);
    return writer.write(sample, ledger);
  }

  @Override
  public void commit() {
    ledger.commit(sample);
  }

  @Override
  public String contentType() {
    return "application/json";
  }

  /** Heroku's endpoint answers with a status only. */
  @Override
  public PartialSuccess partialSuccess(byte[] answer) {
    return null;
  }

  @Override
  public void close() {
    if (ownsCollector) {
      collector.close();
    }
  }
}
