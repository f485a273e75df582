package dev.jvmmetrics.agent.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResidentMemoryTest {
  @TempDir Path root;

  /** An auxiliary vector of (type, value) pairs, ended by type 0. */
  private static byte[] auxv(int wordBytes, ByteOrder order, long... pairs) {
    ByteBuffer buffer = ByteBuffer.allocate((pairs.length + 2) * wordBytes).order(order);
    for (long word : pairs) {
      if (wordBytes == 8) {
        buffer.putLong(word);
      } else {
        buffer.putInt((int) word);
      }
    }
    return buffer.array();
  }

  private void proc(String statm, byte[] auxv) throws Exception {
    Files.createDirectories(root.resolve("proc/self"));
    Files.write(root.resolve("proc/self/statm"), statm.getBytes(StandardCharsets.US_ASCII));
    Files.write(root.resolve("proc/self/auxv"), auxv);
  }

  @Test
  void residentPagesTimesTheKernelsPageSize() throws Exception {
    // AT_HWCAP, AT_PAGESZ = 16 KiB (an arm64 kernel), AT_CLKTCK.
    proc(
        "1234567 45678 3456 1 0 234567 0\n",
        auxv(8, ByteOrder.LITTLE_ENDIAN, 16, 0xbfebfbffL, 6, 16384, 17, 100));
    ResidentMemory memory = ResidentMemory.under(root, 8, ByteOrder.LITTLE_ENDIAN);
    assertNotNull(memory);
    assertEquals(45678L * 16384, memory.residentBytes());

    Files.write(root.resolve("proc/self/statm"), "1234567 50000 3456 1 0 234567 0\n".getBytes());
    assertEquals(50000L * 16384, memory.residentBytes(), "read again at every report");
  }

  @Test
  void aThirtyTwoBitVectorIsReadInFourByteWords() {
    assertEquals(
        4096,
        ResidentMemory.pageSize(auxv(4, ByteOrder.BIG_ENDIAN, 6, 4096), 4, ByteOrder.BIG_ENDIAN));
  }

  @Test
  void noProcOrNoPageSizeIsNoReader() throws Exception {
    assertNull(ResidentMemory.under(root, 8, ByteOrder.LITTLE_ENDIAN), "no /proc");
    proc("1 2 3 4 5 6 7\n", auxv(8, ByteOrder.LITTLE_ENDIAN, 16, 1, 17, 100));
    assertNull(ResidentMemory.under(root, 8, ByteOrder.LITTLE_ENDIAN), "no AT_PAGESZ");
    proc("garbage\n", auxv(8, ByteOrder.LITTLE_ENDIAN, 6, 4096));
    assertNull(ResidentMemory.under(root, 8, ByteOrder.LITTLE_ENDIAN), "no resident field");
  }

  @Test
  void onThisMachineItAgreesWithVmRssInProcStatus() throws Exception {
    ResidentMemory memory = ResidentMemory.forThisProcess();
    assertNotNull(memory, "the build runs on Linux, with /proc");
    long fromStatm = memory.residentBytes();
    long fromStatus = -1;
    List<String> status = Files.readAllLines(Paths.get("/proc/self/status"));
    for (String line : status) {
      if (line.startsWith("VmRSS:")) {
        fromStatus = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    // Both come from the same kernel counters; only what the JVM touched between the two reads
    // differs.
    assertTrue(
        Math.abs(fromStatm - fromStatus) < 32L << 20,
        "statm " + fromStatm + " vs status VmRSS " + fromStatus);
  }
}
