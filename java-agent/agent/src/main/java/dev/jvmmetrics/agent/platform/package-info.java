/**
 * Platform readers: what lies below the MXBeans (the JVM's performance counters, GC notifications,
 * the cgroup memory limit), read with public APIs only. Depends on the JDK alone.
 */
package dev.jvmmetrics.agent.platform;
