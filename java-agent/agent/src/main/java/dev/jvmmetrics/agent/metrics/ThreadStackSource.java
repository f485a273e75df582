package dev.jvmmetrics.agent.metrics;

import dev.jvmmetrics.agent.platform.PlatformBeans;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Memory committed to thread stacks: the JVM's analog of Go's stack memory, reported only when the
 * JVM really knows it, that is with Native Memory Tracking on ({@code
 * -XX:NativeMemoryTracking=summary} or {@code detail}). Never an estimate from the thread count.
 *
 * <pre>
 * jvm_threads_stack_bytes_committed   708608
 * </pre>
 *
 * <p>The figure is the {@code (stack: … committed=…)} line of the {@code Thread} category in NMT's
 * summary, asked through the {@code DiagnosticCommand} MBean ({@code jcmd VM.native_memory summary}
 * from inside). That is the only public way in, and not a cheap one: the JVM formats the whole
 * summary as text each time (its cost is in docs/metrics.md). So it is read at most every {@value
 * #MIN_AGE_SECONDS} s when the number of threads changed, else every {@value #MAX_AGE_SECONDS} s,
 * and the last reading is repeated in between: at a 5 s interval that is one read in 2 to 12
 * reports.
 */
final class ThreadStackSource implements MetricSource {
  static final String STACK_COMMITTED = Metric.THREAD_STACKS_COMMITTED.heroku();
  static final long MIN_AGE_SECONDS = 10;
  static final long MAX_AGE_SECONDS = 60;
  private static final String NMT_OPTION = "-XX:NativeMemoryTracking=";

  /** NMT's summary, as text. */
  interface Summary {
    String read() throws Exception;
  }

  private final Summary summary;
  private final ThreadMXBean threads;
  private final Clock clock;
  private long bytes = -1;
  private long readAtNanos;
  private int threadsAtRead = -1;

  /** Monotonic nanoseconds; a seam for tests. */
  interface Clock {
    long nanoTime();
  }

  ThreadStackSource(Summary summary, ThreadMXBean threads, Clock clock) {
    this.summary = summary;
    this.threads = threads;
    this.clock = clock;
  }

  /** The source for this JVM, or null when Native Memory Tracking is off or cannot be asked. */
  static ThreadStackSource forThisJvm() {
    if (!nativeMemoryTrackingOn()) {
      return null;
    }
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName command;
    try {
      command = new ObjectName("com.sun.management:type=DiagnosticCommand");
    } catch (Exception e) {
      return null;
    }
    if (!server.isRegistered(command)) {
      return null;
    }
    return new ThreadStackSource(
        new DiagnosticCommandSummary(server, command), PlatformBeans.threads(), new SystemClock());
  }

  /** {@code VM.native_memory summary}, asked of the {@code DiagnosticCommand} MBean. */
  private static final class DiagnosticCommandSummary implements Summary {
    private static final String[] SIGNATURE = {String[].class.getName()};
    private final Object[] arguments = {new String[] {"summary"}};
    private final MBeanServer server;
    private final ObjectName command;

    DiagnosticCommandSummary(MBeanServer server, ObjectName command) {
      this.server = server;
      this.command = command;
    }

    @Override
    public String read() throws Exception {
      return (String) server.invoke(command, "vmNativeMemory", arguments, SIGNATURE);
    }
  }

  /** The JVM's monotonic clock. */
  private static final class SystemClock implements Clock {
    @Override
    public long nanoTime() {
      return System.nanoTime();
    }
  }

  /**
   * Whether the JVM was started with Native Memory Tracking; asked once. Read from the JVM's input
   * arguments (the command line, {@code JAVA_TOOL_OPTIONS}, {@code JDK_JAVA_OPTIONS}, an options
   * file), which is the only way to switch it on, rather than from {@code HotSpotDiagnosticMXBean}:
   * looking that bean up costs every JVM, NMT or not, six classes and a millisecond at the first
   * report.
   */
  static boolean nativeMemoryTrackingOn() {
    try {
      return nativeMemoryTrackingOn(PlatformBeans.runtime().getInputArguments());
    } catch (Throwable t) {
      return false; // No input arguments to read: no thread-stack figure.
    }
  }

  /** Whether the last {@code -XX:NativeMemoryTracking=} of {@code arguments} switches it on. */
  static boolean nativeMemoryTrackingOn(List<String> arguments) {
    String mode = "off";
    for (String argument : arguments) {
      if (argument.startsWith(NMT_OPTION)) {
        mode = argument.substring(NMT_OPTION.length());
      }
    }
    return mode.equals("summary") || mode.equals("detail");
  }

  @Override
  public void collectInto(Sample sample) {
    int threadCount = threads.getThreadCount();
    long now = clock.nanoTime();
    long age = now - readAtNanos;
    boolean due =
        threadsAtRead < 0
            || age >= MAX_AGE_SECONDS * 1_000_000_000L
            || (threadCount != threadsAtRead && age >= MIN_AGE_SECONDS * 1_000_000_000L);
    if (due) {
      readAtNanos = now;
      threadsAtRead = threadCount;
      bytes = -1;
      try {
        bytes = stackCommittedBytes(summary.read());
      } catch (Exception e) {
        throw new IllegalStateException("Native Memory Tracking summary failed: " + e, e);
      }
    }
    if (bytes >= 0) {
      sample.gauge(STACK_COMMITTED, bytes);
    }
  }

  /**
   * The committed bytes on the {@code (stack: reserved=…, committed=…)} line of the {@code Thread}
   * category of an NMT summary, or -1 when there is none. JDK 8 to 25 print it so:
   *
   * <pre>
   * -                    Thread (reserved=18479KB, committed=739KB)
   *                             (thread #18)
   *                             (stack: reserved=18432KB, committed=692KB)
   * </pre>
   */
  static long stackCommittedBytes(String summary) {
    int thread = summary.indexOf(" Thread (");
    if (thread < 0) {
      return -1;
    }
    int stack = summary.indexOf("(stack: ", thread);
    int nextCategory = summary.indexOf("\n-", thread);
    if (stack < 0 || (nextCategory >= 0 && stack > nextCategory)) {
      return -1;
    }
    int committed = summary.indexOf("committed=", stack);
    int close = summary.indexOf(')', stack);
    if (committed < 0 || committed > close) {
      return -1;
    }
    int from = committed + "committed=".length();
    int to = from;
    while (to < summary.length() && Character.isDigit(summary.charAt(to))) {
      to++;
    }
    if (to == from) {
      return -1;
    }
    long value = Long.parseLong(summary.substring(from, to));
    return value * unitBytes(summary, to);
  }

  private static long unitBytes(String text, int at) {
    if (text.startsWith("KB", at)) {
      return 1L << 10;
    }
    if (text.startsWith("MB", at)) {
      return 1L << 20;
    }
    if (text.startsWith("GB", at)) {
      return 1L << 30;
    }
    return 1;
  }
}
