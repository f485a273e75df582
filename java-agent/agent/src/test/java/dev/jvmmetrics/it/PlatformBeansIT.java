package dev.jvmmetrics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmmetrics.fixtures.PlatformBeansApp;
import dev.jvmmetrics.testing.AgentJvm;
import dev.jvmmetrics.testing.AgentJvm.Route;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Through the native bootstrap, on every JDK, the agent takes its platform beans from the JDK's own
 * factory without building {@code ManagementFactory}'s platform-bean finder, and they are the very
 * beans {@code ManagementFactory} would have given it ({@code platform.PlatformBeans},
 * docs/performance.md, "Sixth pass").
 */
class PlatformBeansIT {
  private static final String FINDER = "java.lang.management.ManagementFactory$PlatformMBeanFinder";

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"jdk8.home", "jdk11.home", "java.home", "jdk21.home", "jdk25.home"})
  void theBootstrapGivesTheJdksOwnBeansWithoutTheFinder(String jdk) throws Exception {
    AgentJvm.Result result =
        BootstrapIT.on(jdk)
            .route(Route.BOOTSTRAP)
            .jvmOption("-verbose:class")
            .run(PlatformBeansApp.class, 60);
    assertEquals(0, result.exitCode, result.toString());
    boolean jdk8 = jdk.equals("jdk8.home");
    for (int kind = 0; kind <= 6; kind++) {
      // JDK 8 has no HotSpotThreadImpl (kind 6): its ManagementFactory bean is already HotSpot's.
      boolean expected = !(jdk8 && kind == 6);
      assertEquals(
          String.valueOf(expected),
          result.line("direct=" + kind + ":"),
          "kind " + kind + " from the JDK's factory\n" + result);
    }
    assertEquals("false", result.line("direct=7:"), result.toString());
    assertEquals("ok", result.line("listeners="), "GC notifications\n" + result);
    assertEquals("true:0", result.line("perfdata="), "found, mapped natively\n" + result);
    List<String> before = new ArrayList<>();
    boolean taken = false;
    for (String line : result.stdout.split("\n")) {
      taken |= line.equals("beans taken");
      if (!taken && line.contains(FINDER)) {
        before.add(line);
      }
    }
    assertTrue(taken, result.toString());
    assertEquals(List.of(), before, "loaded while the agent took its beans");
    for (String bean :
        new String[] {
          "memory", "runtime", "classLoading", "threads", "collectors", "memoryPools", "bufferPools"
        }) {
      assertEquals("true", result.line("same=" + bean + ":"), bean + "\n" + result);
    }
    assertFalse(result.stdout.contains("unbound"), result.toString());
  }
}
