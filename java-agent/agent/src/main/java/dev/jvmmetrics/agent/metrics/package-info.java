/**
 * Metric sources: each reads one family of metrics from the MXBeans or the platform layer into a
 * {@link dev.jvmmetrics.agent.metrics.Sample}, and names it on the wire. Depends on {@code
 * platform} and the JDK only (and {@code Log}, to report a failing source).
 */
package dev.jvmmetrics.agent.metrics;
