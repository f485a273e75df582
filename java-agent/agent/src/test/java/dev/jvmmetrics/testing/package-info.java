/**
 * Test support shared by unit and integration tests: the loopback endpoint, a spawned JVM with the
 * agent, fakes of the JDK's MXBeans, readers of report bodies and GC logs. Depends on the agent's
 * public types only.
 */
package dev.jvmmetrics.testing;
