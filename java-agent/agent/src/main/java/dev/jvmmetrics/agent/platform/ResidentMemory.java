package dev.jvmmetrics.agent.platform;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The process's resident memory: what the kernel holds in RAM for the whole JVM, heap and
 * everything the JVM's own figures leave out (malloc arenas, thread stacks, GC structures, the code
 * of the JVM itself).
 *
 * <p>Read from {@code /proc/self/statm}, whose second field is the resident size in pages: a file
 * of one short line, kept open and read again from its start at each report (one small read,
 * nothing allocated). The page size is not in that file and Java has no public API for it; {@code
 * /proc/self/auxv} holds the value the kernel gave this process at exec ({@code AT_PAGESZ}), so it
 * is read from there once, rather than assuming 4 KiB (arm64 kernels may use 16 or 64 KiB pages).
 */
public final class ResidentMemory implements AutoCloseable {
  /** The auxiliary vector's entry type for the page size (Linux {@code <elf.h>}). */
  static final long AT_PAGESZ = 6;

  private final RandomAccessFile statm;
  private final long pageBytes;
  private final byte[] buffer = new byte[128];

  ResidentMemory(RandomAccessFile statm, long pageBytes) {
    this.statm = statm;
    this.pageBytes = pageBytes;
  }

  /** The reader for this process, or null where there is no {@code /proc} to read it from. */
  public static ResidentMemory forThisProcess() {
    return under(Paths.get("/"), SmallFiles.auxvWordBytes(), ByteOrder.nativeOrder());
  }

  /**
   * The reader for {@code root}'s {@code proc/self}, or null when its page size or resident size
   * cannot be read (no {@code /proc}: not Linux, or hidden).
   */
  static ResidentMemory under(Path root, int wordBytes, ByteOrder order) {
    RandomAccessFile statm = null;
    try {
      long pageBytes =
          pageSize(SmallFiles.readAllBytes(root.resolve("proc/self/auxv")), wordBytes, order);
      if (pageBytes > 0) {
        statm = new RandomAccessFile(root.resolve("proc/self/statm").toString(), "r");
        ResidentMemory memory = new ResidentMemory(statm, pageBytes);
        if (memory.residentBytes() >= 0) {
          return memory;
        }
      }
    } catch (IOException | RuntimeException e) {
      // No /proc: not Linux, or hidden.
    }
    SmallFiles.closeQuietly(statm);
    return null;
  }

  /** The resident size now, in bytes; -1 when the file does not hold one. */
  public long residentBytes() throws IOException {
    long pages = secondField(buffer, SmallFiles.readFromStart(statm, buffer));
    return pages < 0 ? -1 : pages * pageBytes;
  }

  @Override
  public void close() {
    SmallFiles.closeQuietly(statm);
  }

  /**
   * The {@code AT_PAGESZ} value of an auxiliary vector (pairs of machine words: type, value; type 0
   * ends it), or -1 when it has none.
   */
  static long pageSize(byte[] auxv, int wordBytes, ByteOrder order) {
    return SmallFiles.auxvEntry(auxv, AT_PAGESZ, wordBytes, order);
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
