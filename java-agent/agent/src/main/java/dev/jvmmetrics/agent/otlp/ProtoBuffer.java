package dev.jvmmetrics.agent.otlp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The protobuf wire format, as much of it as OTLP metrics need: varints, fixed64, doubles, strings
 * and nested messages. A nested message's length is only known once it is written, so {@link
 * #beginMessage} remembers where the body starts and {@link #endMessage} moves the body up to
 * insert the length in front of it: one copy per message, no temporary buffers. Strings are written
 * at set-up only ({@link #string}); an export writes the bytes they were encoded to then ({@link
 * #bytes(int, byte[])}, {@link #raw}), so it allocates nothing once the buffer has grown to fit.
 */
final class ProtoBuffer {
  private static final int VARINT = 0;
  private static final int FIXED64 = 1;
  private static final int LENGTH_DELIMITED = 2;

  private byte[] bytes;
  private int length;
  private int[] starts = new int[8];
  private int depth;

  ProtoBuffer(int capacity) {
    bytes = new byte[capacity];
  }

  void clear() {
    length = 0;
    depth = 0;
  }

  byte[] bytes() {
    return bytes;
  }

  int length() {
    return length;
  }

  /** A copy of what was written, for set-up: the pieces an export then writes with {@link #raw}. */
  byte[] toByteArray() {
    return Arrays.copyOf(bytes, length);
  }

  void beginMessage(int field) {
    tag(field, LENGTH_DELIMITED);
    if (depth == starts.length) {
      starts = Arrays.copyOf(starts, depth * 2);
    }
    starts[depth++] = length;
  }

  void endMessage() {
    int start = starts[--depth];
    int bodyLength = length - start;
    int prefix = varintSize(bodyLength);
    ensure(prefix);
    System.arraycopy(bytes, start, bytes, start + prefix, bodyLength);
    int end = length;
    length = start;
    varint(bodyLength);
    length = end + prefix;
  }

  /** Allocates its UTF-8 bytes: for set-up, not for an export. */
  void string(int field, String value) {
    bytes(field, value.getBytes(StandardCharsets.UTF_8));
  }

  /** A length-delimited field: a string's UTF-8 bytes, or a message written beforehand. */
  void bytes(int field, byte[] value) {
    tag(field, LENGTH_DELIMITED);
    varint(value.length);
    raw(value);
  }

  /** Bytes already encoded: whole fields written beforehand. */
  void raw(byte[] value) {
    ensure(value.length);
    System.arraycopy(value, 0, bytes, length, value.length);
    length += value.length;
  }

  void uint64(int field, long value) {
    tag(field, VARINT);
    varint(value);
  }

  void bool(int field, boolean value) {
    tag(field, VARINT);
    varint(value ? 1 : 0);
  }

  /** fixed64, sfixed64: eight bytes, little-endian. */
  void fixed64(int field, long value) {
    tag(field, FIXED64);
    rawFixed64(value);
  }

  void double64(int field, double value) {
    fixed64(field, Double.doubleToRawLongBits(value));
  }

  /** A packed {@code repeated fixed64}. */
  void packedFixed64(int field, long[] values, int from, int count) {
    tag(field, LENGTH_DELIMITED);
    varint(8L * count);
    for (int i = from; i < from + count; i++) {
      rawFixed64(values[i]);
    }
  }

  /** A packed {@code repeated double}. */
  void packedDouble(int field, double[] values) {
    tag(field, LENGTH_DELIMITED);
    varint(8L * values.length);
    for (double value : values) {
      rawFixed64(Double.doubleToRawLongBits(value));
    }
  }

  private void tag(int field, int wireType) {
    varint(((long) field << 3) | wireType);
  }

  private void varint(long value) {
    ensure(10);
    while ((value & ~0x7FL) != 0) {
      bytes[length++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    bytes[length++] = (byte) value;
  }

  private void rawFixed64(long value) {
    ensure(8);
    for (int i = 0; i < 8; i++) {
      bytes[length++] = (byte) (value >>> (8 * i));
    }
  }

  private static int varintSize(long value) {
    int size = 1;
    while ((value & ~0x7FL) != 0) {
      value >>>= 7;
      size++;
    }
    return size;
  }

  private void ensure(int more) {
    if (length + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
    }
  }
}
