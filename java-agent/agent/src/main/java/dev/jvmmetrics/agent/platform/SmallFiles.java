package dev.jvmmetrics.agent.platform;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the small files of {@code /proc} and {@code /sys/fs/cgroup} with {@code FileInputStream}
 * alone. {@code Files.readAllLines} and {@code Files.readAllBytes} go through NIO channels, a
 * charset decoder and readers: a dozen classes an idle JVM otherwise never loads, and a temporary
 * direct buffer. These files say their size is 0, so each is read to its end.
 */
final class SmallFiles {
  /** Files of {@code /proc} grow with mounts; nothing read here is anywhere near this. */
  static final int MAX_BYTES = 1 << 20;

  private SmallFiles() {}

  /** Every byte of {@code file}, up to {@link #MAX_BYTES}. */
  static byte[] readAllBytes(Path file) throws IOException {
    byte[] buffer = new byte[4096];
    int length = 0;
    try (FileInputStream in = new FileInputStream(file.toString())) {
      int read;
      while ((read = in.read(buffer, length, buffer.length - length)) > 0) {
        length += read;
        if (length == buffer.length) {
          if (buffer.length >= MAX_BYTES) {
            throw new IOException(file + " is larger than " + MAX_BYTES + " bytes");
          }
          byte[] larger = new byte[buffer.length * 2];
          System.arraycopy(buffer, 0, larger, 0, length);
          buffer = larger;
        }
      }
    }
    byte[] all = new byte[length];
    System.arraycopy(buffer, 0, all, 0, length);
    return all;
  }

  /** The lines of {@code file} as UTF-8, without their line ends (a final empty one left out). */
  static List<String> readAllLines(Path file) throws IOException {
    String text = new String(readAllBytes(file), StandardCharsets.UTF_8);
    List<String> lines = new ArrayList<>();
    int start = 0;
    while (start < text.length()) {
      int end = text.indexOf('\n', start);
      end = end < 0 ? text.length() : end;
      int stop = end > start && text.charAt(end - 1) == '\r' ? end - 1 : end;
      lines.add(text.substring(start, stop));
      start = end + 1;
    }
    return lines;
  }

  /**
   * Reads {@code file} again from its start into {@code buffer}, as far as the file or the buffer
   * goes, and returns the length read. The kernel writes a {@code /proc} file anew at each read
   * from offset 0, so a file kept open is read without opening it again.
   */
  static int readFromStart(RandomAccessFile file, byte[] buffer) throws IOException {
    file.seek(0);
    int length = 0;
    int read;
    while (length < buffer.length
        && (read = file.read(buffer, length, buffer.length - length)) > 0) {
      length += read;
    }
    return length;
  }

  /** The size of a word of this process's auxiliary vector: the JVM's own. */
  static int auxvWordBytes() {
    return "32".equals(System.getProperty("sun.arch.data.model")) ? 4 : 8;
  }

  /**
   * The value of entry {@code type} of an auxiliary vector ({@code /proc/self/auxv}: pairs of
   * machine words, type then value; type 0 ends it), or -1 when it has none.
   */
  static long auxvEntry(byte[] auxv, long type, int wordBytes, ByteOrder order) {
    ByteBuffer words = ByteBuffer.wrap(auxv).order(order);
    while (words.remaining() >= 2 * wordBytes) {
      long entry = wordBytes == 8 ? words.getLong() : words.getInt() & 0xffffffffL;
      long value = wordBytes == 8 ? words.getLong() : words.getInt() & 0xffffffffL;
      if (entry == type) {
        return value;
      }
      if (entry == 0) {
        break;
      }
    }
    return -1;
  }

  /** Closes {@code file} if there is one; a read-only file of {@code /proc} has nothing to lose. */
  static void closeQuietly(RandomAccessFile file) {
    try {
      if (file != null) {
        file.close();
      }
    } catch (IOException e) {
      // Nothing to do.
    }
  }
}
