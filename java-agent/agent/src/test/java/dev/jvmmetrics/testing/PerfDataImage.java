package dev.jvmmetrics.testing;

import dev.jvmmetrics.agent.platform.PerfData;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds a performance-data region laid out as HotSpot writes one, for tests. */
public final class PerfDataImage {
  private final ByteOrder order;
  private final List<byte[]> entries = new ArrayList<>();
  private final List<Integer> dataOffsets = new ArrayList<>();

  public PerfDataImage(ByteOrder order) {
    this.order = order;
  }

  public PerfDataImage longEntry(String name, long value) {
    ByteBuffer data = ByteBuffer.allocate(8).order(order).putLong(value);
    return entry(name, (byte) 'J', 0, data.array());
  }

  public PerfDataImage stringEntry(String name, String value) {
    byte[] text = value.getBytes(StandardCharsets.US_ASCII);
    byte[] data = new byte[text.length + 1 + 7];
    System.arraycopy(text, 0, data, 0, text.length);
    return entry(name, (byte) 'B', data.length, data);
  }

  private PerfDataImage entry(String name, byte type, int vectorLength, byte[] data) {
    byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
    int nameOffset = PerfData.ENTRY_HEADER_BYTES;
    int dataOffset = align(nameOffset + nameBytes.length + 1);
    int length = align(dataOffset + data.length);
    ByteBuffer entry = ByteBuffer.allocate(length).order(order);
    entry.putInt(length).putInt(nameOffset).putInt(vectorLength);
    entry.put(type).put((byte) 0).put((byte) (type == 'J' ? 3 : 5)).put((byte) 1);
    entry.putInt(dataOffset);
    entry.put(nameBytes).put((byte) 0);
    entry.position(dataOffset);
    entry.put(data);
    entries.add(entry.array());
    dataOffsets.add(dataOffset);
    return this;
  }

  private static int align(int n) {
    return (n + 7) & ~7;
  }

  /** The whole region: prologue, then every entry. */
  public ByteBuffer build() {
    int used = PerfData.PROLOGUE_BYTES;
    for (byte[] entry : entries) {
      used += entry.length;
    }
    ByteBuffer region = ByteBuffer.allocate(used + 64);
    region.order(ByteOrder.BIG_ENDIAN).putInt(PerfData.MAGIC);
    region.put((byte) (order == ByteOrder.LITTLE_ENDIAN ? 1 : 0)).put((byte) 2).put((byte) 0);
    region.put((byte) 1);
    region.order(order);
    region.putInt(used).putInt(0).putLong(0).putInt(PerfData.PROLOGUE_BYTES).putInt(entries.size());
    for (byte[] entry : entries) {
      region.put(entry);
    }
    region.clear();
    return region;
  }

  /** Where the data of entry {@code index} starts in the built region. */
  public int dataPosition(int index) {
    int position = PerfData.PROLOGUE_BYTES;
    for (int i = 0; i < index; i++) {
      position += entries.get(i).length;
    }
    return position + dataOffsets.get(index);
  }
}
