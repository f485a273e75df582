package dev.jvmmetrics.agent;

import java.util.Map;

/**
 * The agent's classes a report needs, which the native bootstrap defines straight from the jar when
 * the first report is due, before the agent uses them.
 *
 * <p>Why: loaded one by one through the system class loader, each class costs a URL, a resource
 * look-up and a byte array grown in steps, garbage that an idle app's heap keeps resident until its
 * first collection (docs/performance.md, "Fifth pass"). The bootstrap reads the stored bytes from
 * the mapped jar instead and hands them to JNI's {@code DefineClass}; the system class loader then
 * finds them already defined. Only on the bootstrap's route ({@link AgentMain#nativeDefiner}): the
 * {@code -javaagent:} route loads them as any jar's classes.
 *
 * <p>Names are relative to {@code dev/jvmmetrics/agent/} (the bootstrap defines nothing else), in
 * an order that defines every supertype first. A class missing from these lists is loaded the
 * ordinary way, and one that is listed but not needed costs its metaspace: {@code
 * PreloadedClassesIT} checks both against what a reporting JVM loads. The classes loaded before
 * this runs ({@link AgentMain}, {@link ReportingLoop} and what verifying it loads, this class) are
 * not listed.
 */
final class PreloadedClasses {
  /** What every destination needs. */
  static final String COMMON =
      "Log "
          + "Settings$Switch "
          + "Endpoint "
          + "Destination "
          + "HerokuAgentCheck "
          + "JavaAgentOptions "
          + "Intervals "
          + "report/ReportLock "
          + "report/LockDirectory "
          + "report/ReportLock$State "
          + "metrics/Collector "
          + "metrics/MetricSource "
          + "platform/PlatformBeans "
          + "metrics/MemorySource "
          + "metrics/Metric "
          + "metrics/Metric$Kind "
          + "metrics/ContainerMemorySource "
          + "platform/CgroupMemoryLimit "
          + "platform/SmallFiles "
          + "metrics/ResidentMemorySource "
          + "platform/ResidentMemory "
          + "metrics/GcSource "
          + "platform/PerfGcPauses "
          + "platform/PerfDataFile "
          + "platform/PerfData "
          + "metrics/GcKind "
          + "metrics/SafepointSource "
          + "platform/PerfSafepoints "
          + "metrics/AllocationSource "
          + "metrics/DirectTotalAllocated "
          + "metrics/AllocationSource$YoungGenEstimates "
          + "metrics/ThreadSource "
          + "metrics/ThreadStackSource "
          + "metrics/ThreadStackSource$Clock "
          + "metrics/ThreadStackSource$Summary "
          + "report/Payload$Body "
          + "metrics/Sample "
          + "http/RequestFormat "
          + "report/Reporter "
          + "report/DeliveryLog "
          + "http/HttpSender "
          + "http/NameLookup "
          + "http/NameLookup$1 "
          + "http/ResponseReader "
          + "http/HostResolver "
          + "report/Backoff "
          + "report/Rfc3339 "
          + "http/HttpConnection "
          + "http/DeadlineSocket "
          + "http/DeadlineSocket$Bounded "
          + "http/HeaderValues "
          + "http/Transport$Response "
          + "FinalReport";

  /** What only the Heroku destination needs. */
  static final String HEROKU =
      "report/HerokuPayload "
          + "report/PayloadWriter "
          + "report/PayloadWriter$Body "
          + "report/CounterLedger "
          + "report/JsonNumbers";

  /** What only the OTLP destination needs. */
  static final String OTLP =
      "OtlpSettings "
          + "otlp/OtlpPayload "
          + "metrics/OtelMetric "
          + "metrics/OtelMetric$Instrument "
          + "metrics/OtelMetric$Origin "
          + "otlp/ResourceAttributes "
          + "OtlpHeaders "
          + "OpenTelemetryAgentCheck "
          + "OtlpDestinations "
          + "otlp/OtlpPayload$Options "
          + "otlp/Temporality$Totals "
          + "otlp/GcDurations "
          + "otlp/ExportEncoder "
          + "otlp/ProtobufEncoder "
          + "otlp/ProtoBuffer "
          + "otlp/Temporality "
          + "otlp/RuntimeSeries "
          + "platform/ProcessCpu "
          + "report/PartialSuccess "
          + "report/PartialSuccess$Reader";

  private PreloadedClasses() {}

  /**
   * Has the bootstrap define the classes the destinations {@code env} names will need; returns how
   * many it defined, 0 on the {@code -javaagent:} route or when it could not.
   */
  static int define(Map<String, String> env) {
    if (!AgentMain.nativeDefiner) {
      return 0;
    }
    boolean heroku = Settings.herokuConfigured(env);
    boolean otlp = Settings.otlpConfigured(env);
    try {
      // Constants, joined by javac: nothing is built at run time.
      return AgentMain.defineClasses(
          PreloadedClasses.class.getClassLoader(),
          heroku && otlp
              ? COMMON + " " + HEROKU + " " + OTLP
              : otlp ? COMMON + " " + OTLP : COMMON + " " + HEROKU);
    } catch (Throwable e) {
      return 0; // Whatever is not defined here is loaded the ordinary way.
    }
  }
}
