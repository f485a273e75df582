/**
 * The steady-state bench's app: an idle dyno. It sleeps for the given number of seconds and loads
 * nothing on its own, so every class, byte of memory and millisecond of CPU the bench measures
 * over a plain run of it is what the agent (or the empty agent) adds. steady.sh reads everything
 * from outside: /proc, jstat's perf counters and jcmd.
 */
public final class Idle {
  private Idle() {}

  public static void main(String[] args) throws InterruptedException {
    Thread.sleep(Long.parseLong(args[0]) * 1000L);
  }
}
