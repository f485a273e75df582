package dev.jvmmetrics.agent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the lock goes: beside the agent jar, else $TMPDIR, else /tmp; never java.io.tmpdir. */
class LockDirectoryTest {
  private static final Path TMP = Paths.get("/tmp");

  @TempDir Path dir;

  private static Map<String, String> tmpdir(Object value) {
    return Collections.singletonMap("TMPDIR", value.toString());
  }

  @Test
  void besideTheAgentJarWhenItsDirectoryIsWritable() throws Exception {
    Path install = Files.createDirectories(dir.resolve(".heroku/jvm-metrics"));
    Path jar = Files.createFile(install.resolve("jvm-metrics-agent.jar"));
    Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
    assertEquals(install, LockDirectory.choose(jar, tmpdir(elsewhere)));
  }

  @Test
  void theEnvironmentsTmpdirWhenTheJarsDirectoryCannotBeUsed() throws Exception {
    Path gone = dir.resolve("removed/jvm-metrics-agent.jar");
    Path envTmp = Files.createDirectory(dir.resolve("env-tmp"));
    assertEquals(envTmp, LockDirectory.choose(gone, tmpdir(envTmp)));
    assertEquals(envTmp, LockDirectory.choose(null, tmpdir(envTmp)), "jar not known");
  }

  @Test
  void slashTmpWhenTmpdirIsUnsetRelativeOrNoDirectory() throws Exception {
    assertEquals(TMP, LockDirectory.choose(null, Collections.<String, String>emptyMap()));
    assertEquals(TMP, LockDirectory.choose(null, tmpdir("")));
    assertEquals(TMP, LockDirectory.choose(null, tmpdir("relative/tmp")));
    assertEquals(TMP, LockDirectory.choose(null, tmpdir(Files.createFile(dir.resolve("f")))));
  }

  @Test
  void javaIoTmpdirIsNeverConsulted() {
    // Launchers set it per JVM (Tomcat: -Djava.io.tmpdir=$CATALINA_BASE/temp); the JVMs of a dyno
    // must agree on one file whatever each was given.
    String before = System.getProperty("java.io.tmpdir");
    try {
      System.setProperty("java.io.tmpdir", dir.toString());
      assertEquals(TMP, LockDirectory.choose(null, Collections.<String, String>emptyMap()));
    } finally {
      System.setProperty("java.io.tmpdir", before);
    }
  }

  @Test
  void inUnitTestsTheClassesAreNoJar() {
    assertNull(LockDirectory.agentJar(), "classes from a directory name no jar to sit beside");
  }
}
