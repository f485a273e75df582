package dev.jvmmetrics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jvmmetrics.testing.AgentJvm;
import dev.jvmmetrics.testing.ClassFileRefs;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * Every class of the built agent jar stays off the JDK machinery an idle app would otherwise pay
 * for on the agent's behalf: no invokedynamic (a lambda or method reference loads
 * java.lang.invoke's lambda factory and spins classes at run time, about a hundred classes on JDK
 * 17), no java.util.stream (about fifty more), and no digest or secure random for names or ids
 * (they load the security providers, about a hundred classes). Read from the jar itself, so
 * whatever is shaded into it counts too.
 */
class AgentBytecodeIT {
  private static final List<String> CRYPTO =
      List.of("java/security/MessageDigest", "java/security/SecureRandom");

  @Test
  void noClassOfTheAgentUsesInvokeDynamicStreamsOrCrypto() throws IOException {
    List<String> offenders = new ArrayList<>();
    int classes = 0;
    try (JarFile jar = new JarFile(AgentJvm.AGENT_JAR.toFile())) {
      Enumeration<JarEntry> entries = jar.entries();
      while (entries.hasMoreElements()) {
        JarEntry entry = entries.nextElement();
        if (!entry.getName().endsWith(".class")) {
          continue;
        }
        classes++;
        ClassFileRefs refs;
        try (InputStream in = jar.getInputStream(entry)) {
          refs = ClassFileRefs.read(in.readAllBytes());
        }
        if (refs.invokeDynamic) {
          offenders.add(entry.getName() + " uses invokedynamic (a lambda or method reference)");
        }
        for (String used : refs.classes) {
          if (used.startsWith("java/util/stream/") || CRYPTO.contains(used)) {
            offenders.add(entry.getName() + " uses " + used);
          }
        }
      }
    }
    assertEquals(List.of(), offenders, "in " + classes + " classes of " + AgentJvm.AGENT_JAR);
  }
}
