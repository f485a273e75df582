/**
 * The floor for every javaagent: a premain that does nothing. Loading any agent at all costs
 * start-up time and memory (java.instrument is loaded and CDS's archived module graph is turned
 * off), so the bench compares this agent against this one, not only against a plain JVM.
 */
public final class EmptyAgent {
  private EmptyAgent() {}

  public static void premain(String args) {}
}
