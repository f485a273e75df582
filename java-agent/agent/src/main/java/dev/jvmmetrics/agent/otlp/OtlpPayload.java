package dev.jvmmetrics.agent.otlp;

import dev.jvmmetrics.agent.AgentMain;
import dev.jvmmetrics.agent.Log;
import dev.jvmmetrics.agent.metrics.Collector;
import dev.jvmmetrics.agent.metrics.Metric;
import dev.jvmmetrics.agent.metrics.OtelMetric;
import dev.jvmmetrics.agent.metrics.Sample;
import dev.jvmmetrics.agent.platform.PlatformBeans;
import dev.jvmmetrics.agent.report.PartialSuccess;
import dev.jvmmetrics.agent.report.Payload;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * One OTLP export ({@code ExportMetricsServiceRequest}) per report: the stable JVM semantic
 * conventions read from the platform beans ({@link RuntimeSeries}), {@code jvm.gc.duration} from GC
 * notifications ({@link GcDurations}), and the rest of the catalogue ({@link OtelMetric}) from the
 * same {@link Sample} the Heroku report is made of. Protobuf or JSON; cumulative or delta.
 *
 * <p>Construct it on the agent's thread: it looks up the beans and adds the GC listener there, and
 * {@link #close()} removes it. Not thread-safe: one reporter thread writes and commits.
 */
public final class OtlpPayload implements Payload {
  /** The instrumentation scope of every series. */
  static final String SCOPE = "dev.jvmmetrics.agent";

  /** How otlp-wire's settings shape the export. */
  public static final class Options {
    /** http/json instead of http/protobuf. */
    public boolean json;

    /** Delta temporality for counters and histograms instead of cumulative. */
    public boolean delta;

    /** The resource, already merged: see {@link OtlpPayload#resource(Map)}. */
    public Map<String, String> resourceAttributes = Collections.emptyMap();

    /** Where a failing source says so; null: stderr. */
    public Log log;

    /**
     * The sources shared with the Heroku report, so both destinations read one set; null: the
     * payload makes its own and closes them in {@link OtlpPayload#close()}.
     */
    public Collector collector;
  }

  private static final Map<String, OtelMetric> BY_HEROKU_NAME = byHerokuName();

  private final ExportEncoder encoder;

  /** http/json rather than http/protobuf, for the body and for the receiver's answer. */
  private final boolean json;

  private final Temporality temporality;
  private final Collector collector;
  private final boolean ownCollector;
  private final RuntimeSeries runtime;
  private final GcDurations gcDurations;
  private final long jvmStartNanos;
  private final long subscribedNanos;
  private final Sample sample = new Sample();

  /**
   * {@code jvm.gc.duration}'s series as this thread knows them, in {@link GcDurations}' order: the
   * attributes encoded once, the totals' temporality, and one array to copy the totals into.
   */
  private byte[][] gcActions = new byte[4][];

  private byte[][] gcNames = new byte[4][];
  private Temporality.Totals[] gcTotals = new Temporality.Totals[4];
  private int gcKnown;
  private final long[] gcCopy = new long[2 + GcDurations.BOUNDS.length + 1];

  public OtlpPayload(Options options) {
    String version = AgentMain.VERSION; // A constant: no class loads for it.
    Map<String, String> resource = options.resourceAttributes;
    // Through factories typed ExportEncoder: with both constructors here, verifying this class
    // would load both encoders, whichever is used.
    encoder =
        options.json
            ? JsonEncoder.of(resource, SCOPE, version)
            : ProtobufEncoder.of(resource, SCOPE, version);
    json = options.json;
    temporality = new Temporality(options.delta);
    ownCollector = options.collector == null;
    Log log = options.log == null ? new Log(System.err) : options.log;
    collector = ownCollector ? Collector.forThisJvm(log) : options.collector;
    runtime = RuntimeSeries.forThisJvm(encoder);
    subscribedNanos = System.currentTimeMillis() * 1_000_000L;
    gcDurations = GcDurations.subscribe(PlatformBeans.collectors());
    jvmStartNanos = PlatformBeans.runtime().getStartTime() * 1_000_000L;
  }

  /**
   * The resource attributes from the environment: defaults, the semantic conventions' Heroku
   * mapping, {@code OTEL_RESOURCE_ATTRIBUTES}, then {@code OTEL_SERVICE_NAME} (see {@link
   * ResourceAttributes}). Call it on the agent's thread, not in premain: it reads the environment
   * and, off Heroku, a file of the kernel's.
   */
  public static Map<String, String> resource(Map<String, String> env) {
    return ResourceAttributes.of(env);
  }

  /** One line on what is wrong with {@code OTEL_RESOURCE_ATTRIBUTES} (then ignored), or null. */
  public static String resourceProblem(Map<String, String> env) {
    return ResourceAttributes.problem(env);
  }

  @Override
  public Body write(long nowEpochMillis) {
    long now = nowEpochMillis * 1_000_000L;
    temporality.writing(now);
    encoder.begin();
    runtime.write(encoder, temporality, jvmStartNanos, now);
    writeGcDurations(now);
    collector.collectInto(sample);
    writeSample(now);
    encoder.end();
    return encoder;
  }

  private void writeGcDurations(long now) {
    int count = gcDurations.count();
    if (count == 0) {
      return;
    }
    encoder.beginMetric(OtelMetric.JVM_GC_DURATION, temporality.code());
    for (int i = 0; i < count; i++) {
      if (i == gcKnown) {
        learnGcSeries(i);
      }
      gcDurations.copyTotals(i, gcCopy);
      long[] sent = temporality.value(gcTotals[i], gcCopy);
      encoder.histogramPoint(
          gcActions[i],
          gcNames[i],
          temporality.start(subscribedNanos),
          now,
          sent[0],
          sent[1] / 1000.0,
          sent,
          2,
          GcDurations.BOUNDS);
    }
    encoder.endMetric();
  }

  /** A collector and action first seen: its attributes are encoded once, here. */
  private void learnGcSeries(int i) {
    if (i == gcTotals.length) {
      gcActions = Arrays.copyOf(gcActions, i * 2);
      gcNames = Arrays.copyOf(gcNames, i * 2);
      gcTotals = Arrays.copyOf(gcTotals, i * 2);
    }
    GcDurations.Series series = gcDurations.series(i);
    gcActions[i] = encoder.attribute("jvm.gc.action", series.action);
    gcNames[i] = encoder.attribute("jvm.gc.name", series.gcName);
    gcTotals[i] = temporality.newTotals(gcCopy.length);
    gcKnown = i + 1;
  }

  /** The catalogue entries read from the shared sample, each under its OpenTelemetry name. */
  private void writeSample(long now) {
    for (int i = 0; i < sample.gaugeCount(); i++) {
      OtelMetric metric = BY_HEROKU_NAME.get(sample.gaugeName(i));
      if (metric != null) {
        encoder.beginMetric(metric, ExportEncoder.CUMULATIVE);
        long start = metric.instrument() == OtelMetric.Instrument.GAUGE ? 0 : jvmStartNanos;
        encoder.longPoint(null, null, start, now, sample.gaugeValue(i));
        encoder.endMetric();
      }
    }
    for (int i = 0; i < sample.counterCount(); i++) {
      OtelMetric metric = BY_HEROKU_NAME.get(sample.counterName(i));
      if (metric == null) {
        continue;
      }
      long sent = temporality.value(metric.ordinal(), sample.counterTotal(i));
      long start = temporality.start(jvmStartNanos);
      encoder.beginMetric(metric, temporality.code());
      if (sample.counterIsNanos(i)) {
        encoder.doublePoint(null, null, start, now, sent / 1e9);
      } else {
        encoder.longPoint(null, null, start, now, sent);
      }
      encoder.endMetric();
    }
  }

  private static Map<String, OtelMetric> byHerokuName() {
    Map<String, OtelMetric> map = new HashMap<>();
    for (OtelMetric metric : OtelMetric.values()) {
      Metric source = metric.sample();
      if (source != null) {
        map.put(source.heroku(), metric);
      }
    }
    return map;
  }

  @Override
  public void commit() {
    temporality.commit();
  }

  @Override
  public String contentType() {
    return json ? "application/json" : "application/x-protobuf";
  }

  /** The receiver's {@code ExportMetricsServiceResponse}, in the encoding it was sent. */
  @Override
  public PartialSuccess partialSuccess(byte[] answer) {
    return PartialSuccess.read(!json, answer);
  }

  @Override
  public void close() {
    try {
      gcDurations.close();
      runtime.close();
      if (ownCollector) {
        collector.close();
      }
    } catch (Throwable t) {
      // Shutting down: nothing may escape.
    }
  }
}
