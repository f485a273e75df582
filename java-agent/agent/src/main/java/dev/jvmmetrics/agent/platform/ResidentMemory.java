package dev.jvmmetrics.agent.platform;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The process's resident memory: what the kernel holds in RAM for the whole JVM, heap and
 * everything the JVM's own figures leave out (malloc arenas, thread stacks, GC structures, the code
 * of the JVM itself).
 *
 * <p>Read from {@code /proc/self/statm}, whose second field is the resident size in pages: a file
 * of one short line, so one read per report costs one open, one small read and one close. The page
 * size is not in that file and Java has no public API for it; {@code /proc/self/auxv} holds the
 * value the kernel gave this process at exec ({@code AT_PAGESZ}), so it is read from there once,
 * rather than assuming 4 KiB (arm64 kernels may use 16 or 64 KiB pages).
 */
public final class ResidentMemory {
  /** The auxiliary vector's entry type for the page size (Linux {@code <elf.h>}). */
  static final long AT_PAGESZ = 6;

  private final String statm;
  private final long pageBytes;
  private final byte[] buffer = new byte[128];

  ResidentMemory(Path statm, long pageBytes) {
    this.statm = statm.toString();
    this.pageBytes = pageBytes;
  }

  /** The reader for this process, or null where there is no {@code /proc} to read it from. */
  public static ResidentMemory forThisProcess() {
    String model = System.getProperty("sun.arch.data.model", "64");
    return under(Paths.get("/"), "32".equals(model) ? 4 : 8, ByteOrder.nativeOrder());
  }

  /**
   * The reader for {@code root}'s {@code proc/self}, or null when its page size or resident size
   * cannot be read (no {@code /proc}: not Linux, or hidden).
   */
  static ResidentMemory under(Path root, int wordBytes, ByteOrder order) {
    try {
      long pageBytes =
          pageSize(SmallFiles.readAllBytes(root.resolve("proc/self/auxv")), wordBytes, order);
      if (pageBytes <= 0) {
        return null;
      }
      ResidentMemory memory = new ResidentMemory(root.resolve("proc/self/statm"), pageBytes);
      return memory.residentBytes() >= 0 ? memory : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The resident size now, in bytes; -1 when the file does not hold one. */
  public long residentBytes() throws IOException {
    int length = 0;
    try (FileInputStream in = new FileInputStream(statm)) {
      int read;
      while (length < buffer.length
          && (read = in.read(buffer, length, buffer.length - length)) > 0) {
        length += read;
      }
    }
    long pages = secondField(buffer, length);
    return pages < 0 ? -1 : pages * pageBytes;
  }

  /**
   * The {@code AT_PAGESZ} value of an auxiliary vector (pairs of machine words: type, value; type 0
   * ends it), or -1 when it has none.
   */
  static long pageSize(byte[] auxv, int wordBytes, ByteOrder order) {
    ByteBuffer words = ByteBuffer.wrap(auxv).order(order);
    while (words.remaining() >= 2 * wordBytes) {
      long type = wordBytes == 8 ? words.getLong() : words.getInt() & 0xffffffffL;
      long value = wordBytes == 8 ? words.getLong() : words.getInt() & 0xffffffffL;
      if (type == AT_PAGESZ) {
        return value;
      }
      if (type == 0) {
        break;
      }
    }
    return -1;
  }

  /** The second space-separated decimal number of {@code text} (statm's resident pages), or -1. */
  static long secondField(byte[] text, int length) {
    int i = 0;
    while (i < length && text[i] != ' ') {
      i++;
    }
    i++;
    long value = 0;
    int digits = 0;
    for (; i < length && text[i] >= '0' && text[i] <= '9' && digits < 18; i++, digits++) {
      value = value * 10 + (text[i] - '0');
    }
    return digits == 0 ? -1 : value;
  }
}
