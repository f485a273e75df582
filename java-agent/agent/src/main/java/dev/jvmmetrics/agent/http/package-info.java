/**
 * HTTP: a small HTTP/1.1 client whose every step is bounded by one deadline, and nothing else.
 * Depends on the JDK and {@link dev.jvmmetrics.agent.Endpoint} only: it knows nothing of metrics.
 */
package dev.jvmmetrics.agent.http;
