import java.lang.management.ManagementFactory;

/**
 * The CPU bench's app: sleeps for the given number of seconds (an idle dyno), then prints the CPU
 * time its whole process used ({@code cpu_nanos=<n>}). When the agent runs, it also prints the CPU
 * time of the agent's thread at 7 s, just after its first report (which sets everything up), and
 * 2 s before the end, with the number of reports due in between at the default 5 s interval
 * ({@code agent_thread_cpu_nanos=<at 7 s> <later> <reports between>}).
 */
public final class Idle {
  private Idle() {}

  public static void main(String[] args) throws InterruptedException {
    long seconds = Long.parseLong(args[0]);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Thread.sleep(7_000);
    long agentAfterFirstReport = agentThreadCpu(threads);
    Thread.sleep(seconds * 1000L - 9_000);
    long agentAtEnd = agentThreadCpu(threads);
    long reportsBetween = (seconds - 2) / 5 - 1; // due at 10 s, 15 s, ... up to seconds - 2
    Thread.sleep(2_000);
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    System.out.println("cpu_nanos=" + os.getProcessCpuTime());
    if (agentAtEnd >= 0) {
      System.out.println(
          "agent_thread_cpu_nanos=" + agentAfterFirstReport + " " + agentAtEnd + " " + reportsBetween);
    }
  }

  private static long agentThreadCpu(java.lang.management.ThreadMXBean threads) {
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().equals("jvm-metrics-agent")) {
        return threads.getThreadCpuTime(thread.getId());
      }
    }
    return -1;
  }
}
