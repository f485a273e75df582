package dev.jvmmetrics.agent.platform;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * A read-only view of HotSpot's performance-data region ("hsperfdata", what {@code jstat} reads):
 * named counters the JVM updates in place. Parsed once; after that a read is one aligned 8-byte
 * load at a position found by the parse, with no allocation.
 *
 * <p>The layout, format 2.0 since JDK 1.4.2 (HotSpot's {@code perfMemory.hpp} describes it):
 *
 * <pre>
 * prologue (32 bytes)  int magic (bytes CA FE C0 C0) · byte byte_order (0 big, 1 little endian)
 *                      · byte major (2) · byte minor · byte accessible (1 when ready) · int used
 *                      · int overflow · long mod_time_stamp · int entry_offset · int num_entries
 * entry (repeated)     int entry_length · int name_offset · int vector_length (0: a scalar)
 *                      · byte data_type ('J' long, 'B' byte) · byte flags · byte data_units
 *                      · byte variability · int data_offset · the name (NUL-terminated ASCII)
 *                      and the data, at those offsets from the entry's start
 * </pre>
 *
 * <p>Sample entries: {@code sun.gc.collector.0.name="G1 young collection pauses"}, {@code
 * sun.gc.collector.0.invocations=780}, {@code sun.gc.collector.0.time=718144721} (ticks), {@code
 * sun.os.hrt.frequency=1000000000} (ticks per second).
 */
public final class PerfData {
  public static final int MAGIC = 0xcafec0c0;
  public static final int PROLOGUE_BYTES = 32;
  public static final int ENTRY_HEADER_BYTES = 20;
  static final byte TYPE_LONG = 'J';
  static final byte TYPE_BYTE = 'B';

  private final ByteBuffer buffer;
  private final Map<String, Integer> longPositions;
  private final Map<String, String> strings;

  private PerfData(
      ByteBuffer buffer, Map<String, Integer> longPositions, Map<String, String> strings) {
    this.buffer = buffer;
    this.longPositions = longPositions;
    this.strings = strings;
  }

  /**
   * Parses {@code region} and keeps the entries whose names start with one of {@code prefixes}:
   * scalar longs (by position, read live) and byte vectors (strings, read now).
   *
   * @return null when {@code region} is not a ready performance-data region of format 2
   */
  public static PerfData parse(ByteBuffer region, String... prefixes) {
    ByteBuffer buffer = region.duplicate();
    if (buffer.capacity() < PROLOGUE_BYTES) {
      return null;
    }
    buffer.order(ByteOrder.BIG_ENDIAN);
    if (buffer.getInt(0) != MAGIC) {
      return null;
    }
    byte byteOrder = buffer.get(4);
    if (byteOrder == 1) {
      buffer.order(ByteOrder.LITTLE_ENDIAN);
    } else if (byteOrder != 0) {
      return null;
    }
    if (buffer.get(5) != 2 || buffer.get(7) != 1) {
      return null; // Another major version, or not yet accessible.
    }
    int limit = Math.min(buffer.getInt(8), buffer.capacity());
    int position = buffer.getInt(24);
    int entries = buffer.getInt(28);
    Map<String, Integer> longs = new HashMap<>();
    Map<String, String> strings = new HashMap<>();
    for (int i = 0; i < entries; i++) {
      if (position < PROLOGUE_BYTES || position > limit - ENTRY_HEADER_BYTES) {
        return null;
      }
      int length = buffer.getInt(position);
      if (length < ENTRY_HEADER_BYTES || length > limit - position) {
        return null;
      }
      readEntry(buffer, position, length, prefixes, longs, strings);
      position += length;
    }
    return new PerfData(
        buffer, Collections.unmodifiableMap(longs), Collections.unmodifiableMap(strings));
  }

  private static void readEntry(
      ByteBuffer buffer,
      int start,
      int length,
      String[] prefixes,
      Map<String, Integer> longs,
      Map<String, String> strings) {
    int nameOffset = buffer.getInt(start + 4);
    int vectorLength = buffer.getInt(start + 8);
    byte type = buffer.get(start + 12);
    int dataOffset = buffer.getInt(start + 16);
    if (nameOffset < ENTRY_HEADER_BYTES
        || nameOffset >= length
        || dataOffset < ENTRY_HEADER_BYTES
        || dataOffset >= length) {
      return;
    }
    // Most of the JVM's entries (several hundred) are not wanted: their names are compared as bytes
    // in place, so only the few kept become Strings (a String per entry was about 80 KB per parse).
    if (!startsWithAny(buffer, start + nameOffset, start + length, prefixes)) {
      return;
    }
    String name = ascii(buffer, start + nameOffset, start + length);
    if (name == null) {
      return;
    }
    int data = start + dataOffset;
    if (type == TYPE_LONG && vectorLength == 0 && dataOffset + 8 <= length && data % 8 == 0) {
      // Aligned, so each later read is a single load: never half of an update.
      longs.put(name, data);
    } else if (type == TYPE_BYTE && vectorLength > 0 && vectorLength <= length - dataOffset) {
      String value = ascii(buffer, data, data + vectorLength);
      strings.put(name, value == null ? "" : value);
    }
  }

  /**
   * The NUL-terminated ASCII text at {@code from}, or null when there is no NUL before {@code to}.
   */
  private static String ascii(ByteBuffer buffer, int from, int to) {
    StringBuilder text = new StringBuilder(48);
    for (int i = from; i < to; i++) {
      byte b = buffer.get(i);
      if (b == 0) {
        return text.toString();
      }
      text.append((char) (b & 0x7f));
    }
    return null;
  }

  /** Whether the ASCII name at {@code from} (ending before {@code to}) starts with a prefix. */
  private static boolean startsWithAny(ByteBuffer buffer, int from, int to, String[] prefixes) {
    for (String prefix : prefixes) {
      if (startsWith(buffer, from, to, prefix)) {
        return true;
      }
    }
    return false;
  }

  private static boolean startsWith(ByteBuffer buffer, int from, int to, String prefix) {
    if (prefix.length() > to - from) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      // A NUL (the name's end) never equals a prefix's character, so a shorter name fails here.
      if ((buffer.get(from + i) & 0x7f) != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** The position of the scalar long named {@code name}, for {@link #readLong}; -1 when absent. */
  int longPosition(String name) {
    Integer position = longPositions.get(name);
    return position == null ? -1 : position;
  }

  /** The current value of the long at {@code position} (from {@link #longPosition}). */
  long readLong(int position) {
    return buffer.getLong(position);
  }

  /** The current value of the scalar long named {@code name}, or {@code fallback} when absent. */
  long longValue(String name, long fallback) {
    int position = longPosition(name);
    return position < 0 ? fallback : readLong(position);
  }

  /** The string named {@code name} as it was when parsed, or null when absent. */
  String string(String name) {
    return strings.get(name);
  }
}
