package dev.jvmmetrics.testing;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a JVM's own log says about its safepoints, in each JDK's format. JDK 17 and later ({@code
 * -Xlog:safepoint}) print one line per safepoint in nanoseconds, with the time to reach it and the
 * total; JDK 11 ({@code -Xlog:safepoint}) and JDK 8 ({@code -XX:+PrintGCApplicationStoppedTime},
 * into the {@code -Xloggc} file) print the total and the time to stop the threads in seconds with
 * seven decimals:
 *
 * <pre>
 * [2592000000ns][safepoint] Safepoint "Cleanup", Time since last: 1000209893 ns, Reaching safepoint: 56047 ns, Cleanup: 46468 ns, At safepoint: 26579 ns, Total: 129094 ns
 * [2806000000ns][safepoint] Total time for which application threads were stopped: 0.0012998 seconds, Stopping threads took: 0.0000523 seconds
 * 2.806: Total time for which application threads were stopped: 0.0012998 seconds, Stopping threads took: 0.0000523 seconds
 * </pre>
 *
 * <p>A safepoint the JVM ends by exiting (JDK 11's {@code Halt}) prints no total and is not one.
 */
public final class SafepointLog {
  private static final Pattern UPTIME = Pattern.compile("^(?:\\[(\\d+)ns\\].*?|(\\d+\\.\\d+): )");
  private static final Pattern NANOS =
      Pattern.compile("Reaching safepoint: (\\d+) ns, .*Total: (\\d+) ns");
  private static final Pattern SECONDS =
      Pattern.compile(
          "Total time for which application threads were stopped: (\\d+\\.\\d+) seconds, Stopping"
              + " threads took: (\\d+\\.\\d+) seconds");

  /** One safepoint: when its line was written (uptime) and how long it held the threads. */
  public record Safepoint(long endNanos, long totalNanos, long syncNanos) {}

  public final List<Safepoint> safepoints = new ArrayList<>();

  private long lastUptimeNanos;

  public static SafepointLog read(Path file) throws IOException {
    SafepointLog log = new SafepointLog();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      log.add(line);
    }
    return log;
  }

  public void add(String line) {
    Matcher uptime = UPTIME.matcher(line);
    long end;
    if (uptime.find()) {
      end =
          uptime.group(1) != null
              ? Long.parseLong(uptime.group(1))
              : secondsAsNanos(uptime.group(2));
      lastUptimeNanos = end;
    } else {
      // JDK 8 under load: a concurrent GC thread's line can take this line's uptime
      // ("1.905: 1.905: [GC concurrent-…]" then a bare "Total time for which …"): the safepoint
      // ended about when that uptime was printed.
      end = lastUptimeNanos;
    }
    Matcher nanos = NANOS.matcher(line);
    Matcher seconds = SECONDS.matcher(line);
    if (nanos.find()) {
      safepoints.add(
          new Safepoint(end, Long.parseLong(nanos.group(2)), Long.parseLong(nanos.group(1))));
    } else if (seconds.find()) {
      safepoints.add(
          new Safepoint(end, secondsAsNanos(seconds.group(1)), secondsAsNanos(seconds.group(2))));
    }
  }

  public static long secondsAsNanos(String seconds) {
    return new BigDecimal(seconds).movePointRight(9).longValueExact();
  }

  public int count() {
    return safepoints.size();
  }

  public long totalNanos() {
    long total = 0;
    for (Safepoint safepoint : safepoints) {
      total += safepoint.totalNanos;
    }
    return total;
  }

  public long syncNanos() {
    long total = 0;
    for (Safepoint safepoint : safepoints) {
      total += safepoint.syncNanos;
    }
    return total;
  }

  /** The safepoints whose line was written after {@code nanos} of uptime. */
  public SafepointLog endingAfter(long nanos) {
    SafepointLog late = new SafepointLog();
    for (Safepoint safepoint : safepoints) {
      if (safepoint.endNanos > nanos) {
        late.safepoints.add(safepoint);
      }
    }
    return late;
  }
}
