package dev.jvmmetrics.testing;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a class file's constant pool refers to, read without a bytecode library: whether any of its
 * code uses {@code invokedynamic} (every such instruction names a {@code CONSTANT_InvokeDynamic}
 * entry, and javac writes none that no instruction uses), and the classes it names.
 */
public final class ClassFileRefs {
  private static final int UTF8 = 1;
  private static final int CLASS = 7;
  private static final int INVOKE_DYNAMIC = 18;

  /** Whether the class uses invokedynamic: a lambda, a method reference, indy string concat. */
  public final boolean invokeDynamic;

  /** The internal names of the classes it refers to ({@code java/util/stream/Stream}). */
  public final List<String> classes;

  private ClassFileRefs(boolean invokeDynamic, List<String> classes) {
    this.invokeDynamic = invokeDynamic;
    this.classes = classes;
  }

  /** Reads the constant pool of {@code classFile}. */
  public static ClassFileRefs read(byte[] classFile) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
    if (in.readInt() != 0xCAFEBABE) {
      throw new IOException("not a class file");
    }
    in.readUnsignedShort(); // minor version
    in.readUnsignedShort(); // major version
    int count = in.readUnsignedShort();
    String[] utf8 = new String[count];
    int[] classNameIndex = new int[count];
    boolean invokeDynamic = false;
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case UTF8:
          utf8[i] = in.readUTF();
          break;
        case CLASS:
          classNameIndex[i] = in.readUnsignedShort();
          break;
        case 8: // String
        case 16: // MethodType
        case 19: // Module
        case 20: // Package
          in.readUnsignedShort();
          break;
        case 15: // MethodHandle
          in.readUnsignedByte();
          in.readUnsignedShort();
          break;
        case 3: // Integer
        case 4: // Float
        case 9: // Fieldref
        case 10: // Methodref
        case 11: // InterfaceMethodref
        case 12: // NameAndType
        case 17: // Dynamic
          in.readInt();
          break;
        case INVOKE_DYNAMIC:
          invokeDynamic = true;
          in.readInt();
          break;
        case 5: // Long
        case 6: // Double: takes two entries
          in.readLong();
          i++;
          break;
        default:
          throw new IOException("unknown constant pool tag " + tag + " at entry " + i);
      }
    }
    List<String> classes = new ArrayList<>();
    for (int i = 1; i < count; i++) {
      if (classNameIndex[i] != 0) {
        classes.add(utf8[classNameIndex[i]]);
      }
    }
    return new ClassFileRefs(invokeDynamic, classes);
  }
}
