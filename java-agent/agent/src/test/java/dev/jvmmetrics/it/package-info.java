/**
 * Integration tests ({@code *IT}, run by failsafe after the jar is built): each starts real JVMs
 * with the built agent against a loopback endpoint. Uses {@code testing} and {@code fixtures},
 * never the agent's classes directly.
 */
package dev.jvmmetrics.it;
