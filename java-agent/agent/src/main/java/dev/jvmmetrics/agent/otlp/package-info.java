/**
 * What an OTLP destination sends: {@link dev.jvmmetrics.agent.otlp.OtlpPayload}, one {@code
 * ExportMetricsServiceRequest} per report, in protobuf or JSON, written by hand (the wire format is
 * a few messages; the agent carries no protobuf library). Names, instruments and units come from
 * the catalogue {@link dev.jvmmetrics.agent.metrics.OtelMetric}; delivery (endpoint, headers, gzip,
 * retries) is {@code report} and {@code http}'s business, as for the Heroku report.
 */
package dev.jvmmetrics.agent.otlp;
