package dev.jvmmetrics.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The GC matrix's reading of a JVM's GC log, on lines copied from real logs. */
class GcLogTest {
  @TempDir Path dir;

  private GcLog read(String... lines) throws IOException {
    Path file = dir.resolve("gc.log");
    Files.write(file, Arrays.asList(lines), StandardCharsets.UTF_8);
    return GcLog.read(file);
  }

  @Test
  void aShenandoahCycleCancelledBeforeItStartedIsNoCollection() throws IOException {
    GcLog log =
        read(
            "[1060675118ns][gc] GC(77) Pause Init Mark (unload classes) 0.009ms",
            "[1063393520ns][gc] GC(77) Concurrent marking (unload classes) 2.584ms",
            "[1067229629ns][gc] GC(77) Concurrent cleanup (unload classes) 56M->42M(64M) 0.006ms",
            "[1070830672ns][gc] GC(78) Cancelled",
            "[1076285444ns][gc] GC(79) Pause Degenerated GC (Outside of Cycle) 60M->41M(64M) 4.250ms");

    assertEquals("[77, 79]", log.gcIds.toString());
    assertEquals(0, log.idsEndingAfter(1_076_285_444L));
    assertEquals(1, log.idsEndingAfter(1_076_285_443L));
    assertEquals(2, log.pauses().size());
    assertEquals(4_259_000L, GcLog.wallNanos(log.pauses()));
    assertEquals(2_590_000L, log.concurrentPhaseNanos);
  }

  @Test
  void aYoungCollectionThatTurnedFullCountsTwiceButItsTimeOnce() throws IOException {
    GcLog log =
        read(
            "[500000000ns][gc] GC(4) Pause Full (Allocation Failure) 60M->20M(64M) 30.000ms",
            "[500010000ns][gc] GC(3) Pause Young (Allocation Failure) 60M->20M(64M) 31.500ms");

    assertEquals(2, log.pauses().size());
    assertEquals(1, GcLog.nestedCount(log.pauses()));
    assertEquals(31_500_000L, GcLog.wallNanos(log.pauses()));
  }

  @Test
  void millisecondsWithThreeDecimalsAreReadExactly() {
    assertEquals(8_600_000L, GcLog.microsAsNanos("8.600"));
    assertEquals(17_000L, GcLog.microsAsNanos("0.017"));
    assertEquals(1_200_000L, GcLog.microsAsNanos("1.2"));
  }
}
