package dev.jvmmetrics.agent.http;

import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Compresses a request body into the gzip format (RFC 1952) with one {@link Deflater} kept for
 * every report: {@code GZIPOutputStream} would make a new one, and its native memory, each time.
 */
final class Gzip {
  private static final int HEADER_BYTES = 10;
  private static final int TRAILER_BYTES = 8;

  private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
  private final CRC32 crc = new CRC32();
  private byte[] out = new byte[4096];
  private int length;

  /**
   * Compresses {@code body[0..bodyLength)}; the result is {@link #bytes()}{@code [0..length())}.
   */
  void compress(byte[] body, int bodyLength) {
    deflater.reset();
    crc.reset();
    crc.update(body, 0, bodyLength);
    // Deflate never grows data by more than a few bytes per 16 KiB block.
    int bound = bodyLength + bodyLength / 1000 + 64 + HEADER_BYTES + TRAILER_BYTES;
    if (out.length < bound) {
      out = new byte[bound];
    }
    // Magic, method deflate, no flags, no time, no extra flags, OS unknown.
    out[0] = 0x1f;
    out[1] = (byte) 0x8b;
    out[2] = 8;
    for (int i = 3; i < HEADER_BYTES - 1; i++) {
      out[i] = 0;
    }
    out[HEADER_BYTES - 1] = (byte) 255;
    deflater.setInput(body, 0, bodyLength);
    deflater.finish();
    int at = HEADER_BYTES;
    while (!deflater.finished()) {
      if (at == out.length - TRAILER_BYTES) {
        byte[] larger = new byte[out.length * 2];
        System.arraycopy(out, 0, larger, 0, at);
        out = larger;
      }
      at += deflater.deflate(out, at, out.length - TRAILER_BYTES - at);
    }
    at = littleEndian(crc.getValue(), at);
    length = littleEndian(bodyLength & 0xffffffffL, at);
  }

  private int littleEndian(long value, int at) {
    for (int i = 0; i < 4; i++) {
      out[at++] = (byte) (value >>> (8 * i));
    }
    return at;
  }

  byte[] bytes() {
    return out;
  }

  int length() {
    return length;
  }
}
