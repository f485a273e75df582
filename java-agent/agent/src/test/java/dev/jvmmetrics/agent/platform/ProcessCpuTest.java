package dev.jvmmetrics.agent.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProcessCpuTest {
  private static long ticks(String line) {
    byte[] bytes = line.getBytes(StandardCharsets.US_ASCII);
    return ProcessCpu.userPlusSystemTicks(bytes, bytes.length);
  }

  @Test
  void userAndSystemTicksCountFromTheCommandsLastParenthesis() {
    // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime
    assertEquals(
        1234 + 56, ticks("42 (java) S 1 42 42 0 -1 4194560 9000 0 12 0 1234 56 0 0 20 0 31 0\n"));
    assertEquals(
        7 + 8, ticks("42 (a) b (c) ) R 1 42 42 0 -1 4194560 9000 0 12 0 7 8 0 0 20 0 31 0\n"));
    assertEquals(-1, ticks("42 (java) S 1 42 42 0 -1 4194560 9000 0 12"));
    assertEquals(-1, ticks("no parenthesis at all"));
  }

  @Test
  void theClockTickRateIsReadFromTheAuxiliaryVector() {
    ByteBuffer auxv = ByteBuffer.allocate(64).order(ByteOrder.nativeOrder());
    auxv.putLong(6).putLong(4096).putLong(ProcessCpu.AT_CLKTCK).putLong(250).putLong(0).putLong(0);
    assertEquals(250, ProcessCpu.clockTicks(auxv.array(), 8));
    assertEquals(-1, ProcessCpu.clockTicks(new byte[16], 8));
  }

  @Test
  void agreesWithTheOperatingSystemBeanToTheTick() {
    com.sun.management.OperatingSystemMXBean bean =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    try (ProcessCpu cpu = ProcessCpu.forThisProcess()) {
      for (int i = 0; i < 3; i++) {
        long before = bean.getProcessCpuTime();
        long ours = cpu.timeNanos();
        long after = bean.getProcessCpuTime();
        // Whole ticks (10 ms at 100 a second), truncated: at most one tick behind.
        assertTrue(
            ours > before - 20_000_000L && ours <= after,
            before + " - 20 ms < " + ours + " <= " + after);
      }
    }
  }
}
