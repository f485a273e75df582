package dev.jvmmetrics.agent.platform;

import java.nio.ByteBuffer;

/**
 * What the native bootstrap does for the platform readers, where the JDK's public route costs an
 * idle app more than the reading itself (docs/performance.md, "Sixth pass"): the platform MXBeans
 * from the JDK's own factory ({@link PlatformBeans}), and the performance-data file mapped without
 * {@code FileChannel.map}'s reflection ({@link PerfDataFile}). The bootstrap binds these methods
 * with {@code RegisterNatives} ({@code bootstrap.c}) before {@code premain}; on the {@code
 * -javaagent:} route they stay unbound, {@link #bound} stays false, and every method here returns
 * null, so each caller takes the public route.
 */
final class Natives {
  /** Set by the native bootstrap once it has bound the methods below. */
  static volatile boolean bound;

  private Natives() {}

  private static native Object platformBean(int kind);

  private static native ByteBuffer mapShared(String path);

  private static native void unmap(ByteBuffer buffer);

  /** {@link PlatformBeans}' bean (or list) of {@code kind} from the JDK's factory, or null. */
  static Object bean(int kind) {
    if (!bound) {
      return null;
    }
    try {
      return platformBean(kind);
    } catch (Throwable unbound) {
      return null; // An UnsatisfiedLinkError, if the flag was set without the binding.
    }
  }

  /**
   * {@code path} mapped read-only and shared, whole, or null (unbound, or it cannot be mapped):
   * JNI's {@code NewDirectByteBuffer} over the mapping, which no buffer pool counts. It stays
   * mapped until {@link #unmap}.
   */
  static ByteBuffer map(String path) {
    if (!bound) {
      return null;
    }
    try {
      return mapShared(path);
    } catch (Throwable unbound) {
      return null;
    }
  }

  /** Releases a mapping {@link #map} made; does nothing to any other buffer. */
  static void unmapped(ByteBuffer buffer) {
    if (!bound) {
      return;
    }
    try {
      unmap(buffer);
    } catch (Throwable unbound) {
      // Left mapped: 32 KB of a file, read-only.
    }
  }
}
