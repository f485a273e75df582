import java.lang.management.ManagementFactory;

/**
 * The CPU bench's app: sleeps for the given number of seconds (an idle dyno), then prints the CPU
 * time its whole process used, in nanoseconds: {@code cpu_nanos=<n>}.
 */
public final class Idle {
  private Idle() {}

  public static void main(String[] args) throws InterruptedException {
    Thread.sleep(Long.parseLong(args[0]) * 1000L);
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    System.out.println("cpu_nanos=" + os.getProcessCpuTime());
  }
}
