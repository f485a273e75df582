package dev.jvmmetrics.agent.http;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Turns a host name into an address: the JVM's resolver in the agent, a fake in tests (one that
 * blocks, as a resolver whose servers do not answer does).
 */
interface NameLookup {
  /** The JVM's own lookup, with its cache and its policy ({@code networkaddress.cache.ttl}). */
  NameLookup SYSTEM =
      new NameLookup() {
        @Override
        public InetAddress byName(String host) throws UnknownHostException {
          return InetAddress.getByName(host);
        }
      };

  InetAddress byName(String host) throws UnknownHostException;
}
