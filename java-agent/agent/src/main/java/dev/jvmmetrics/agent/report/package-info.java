/**
 * Reporting: one report from sample to JSON body to POST, the counters' ledger (deltas, committed
 * only on delivery), backoff, the one-reporter-per-dyno lock. Depends on {@code metrics}, {@code
 * http} and the settings. The body is written by hand (PayloadWriter): no JSON library loads.
 */
package dev.jvmmetrics.agent.report;
