package dev.jvmmetrics.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ClassFileRefsTest {
  /** Uses a lambda and a stream. */
  static final class WithLambda {
    static long count() {
      Supplier<Stream<String>> names = () -> Stream.of("a", "b");
      return names.get().count();
    }
  }

  /** The same, written out. */
  static final class Plain {
    static long count() {
      String[] names = {"a", "b"};
      return names.length;
    }
  }

  private static ClassFileRefs of(Class<?> type) throws IOException {
    String file = type.getName().substring(type.getPackage().getName().length() + 1) + ".class";
    try (InputStream in = type.getResourceAsStream(file)) {
      return ClassFileRefs.read(in.readAllBytes());
    }
  }

  @Test
  void seesALambdaAndTheStreamItBuilds() throws IOException {
    ClassFileRefs refs = of(WithLambda.class);
    assertTrue(refs.invokeDynamic);
    assertTrue(refs.classes.contains("java/util/stream/Stream"), refs.classes.toString());
  }

  @Test
  void seesNoneInCodeWithout() throws IOException {
    ClassFileRefs refs = of(Plain.class);
    assertFalse(refs.invokeDynamic);
    assertFalse(refs.classes.contains("java/util/stream/Stream"), refs.classes.toString());
  }
}
