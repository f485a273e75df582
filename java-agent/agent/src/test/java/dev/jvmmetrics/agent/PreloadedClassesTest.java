package dev.jvmmetrics.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The lists name real classes of the agent, each once, and none that is loaded before they are
 * defined (PreloadedClassesIT checks them against what a reporting JVM loads).
 */
class PreloadedClassesTest {
  private static final String[] LISTS = {
    PreloadedClasses.COMMON, PreloadedClasses.HEROKU, PreloadedClasses.OTLP
  };

  @Test
  void everyNameIsAClassOfTheAgentAndListedOnce() {
    List<String> problems = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String list : LISTS) {
      for (String name : list.split(" ", -1)) {
        String resource = "dev/jvmmetrics/agent/" + name + ".class";
        if (PreloadedClasses.class.getClassLoader().getResource(resource) == null) {
          problems.add("no class " + resource);
        }
        if (!seen.add(name)) {
          problems.add("listed twice: " + name);
        }
      }
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void noClassLoadedBeforeTheListsAreDefinedIsListed() {
    for (String list : LISTS) {
      for (String early : new String[] {"AgentMain", "ReportingLoop", "PreloadedClasses"}) {
        assertFalse((" " + list + " ").contains(" " + early + " "), early);
      }
    }
  }

  @Test
  void aDefinerThatFailsIsContained() {
    // Outside the bootstrap, defineClasses is unbound: calling it throws UnsatisfiedLinkError.
    AgentMain.nativeDefiner = true;
    try {
      assertEquals(0, PreloadedClasses.define(Map.of("HEROKU_METRICS_URL", "http://127.0.0.1:1/")));
    } finally {
      AgentMain.nativeDefiner = false;
    }
  }
}
