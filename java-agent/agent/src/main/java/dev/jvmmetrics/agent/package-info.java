/**
 * Entry and settings: the javaagent entry point, the one reporting thread, and the configuration it
 * reads from the environment. May use every other package of the agent; none of them uses this one
 * but for {@link dev.jvmmetrics.agent.Log}, {@link dev.jvmmetrics.agent.Settings} and {@link
 * dev.jvmmetrics.agent.Endpoint}.
 */
package dev.jvmmetrics.agent;
