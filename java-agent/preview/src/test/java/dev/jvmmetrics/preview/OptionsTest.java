package dev.jvmmetrics.preview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OptionsTest {
  @Test
  void defaults() throws Exception {
    Options options = Options.parse();
    assertEquals(0, options.port());
    assertEquals(Duration.ofSeconds(5), options.period());
    assertEquals(Duration.ofHours(1), options.window());
    assertEquals(Duration.ofSeconds(10), options.summaryEvery());
    assertEquals(100, options.maxDynos());
  }

  @Test
  void everyOption() throws Exception {
    Options options =
        Options.parse(
            "--port",
            "8125",
            "--port-file",
            "/tmp/p",
            "--period",
            "500ms",
            "--window",
            "2m",
            "--summary-every",
            "0",
            "--stop-after",
            "1h",
            "--max-dynos",
            "7");
    assertEquals(8125, options.port());
    assertEquals(Path.of("/tmp/p"), options.portFile());
    assertEquals(Duration.ofMillis(500), options.period());
    assertEquals(Duration.ofMinutes(2), options.window());
    assertEquals(Duration.ZERO, options.summaryEvery());
    assertEquals(Duration.ofHours(1), options.stopAfter());
    assertEquals(7, options.maxDynos());
  }

  @Test
  void dynosTimesPeriodsIsBoundedAsAWhole() throws Exception {
    // Alone, each option is within its own limit; together they would hold 36 million
    // dyno-periods (about 20 GB).
    assertMistake(
        "--max-dynos 10000 with 3600 periods (--window ÷ --period) is 36000000 dyno-periods,"
            + " over the preview's bound of 180000 (about 100 MB): fewer dynos,"
            + " a shorter --window or a longer --period",
        "--period",
        "1s",
        "--max-dynos",
        "10000");
    assertMistake("--max-dynos 101 with 1800 periods", "--period", "2s", "--max-dynos", "101");
    assertEquals(100, Options.parse("--period", "2s", "--max-dynos", "100").maxDynos());
    // Left to its default, the dyno limit shrinks to fit the bound instead.
    assertEquals(50, Options.parse("--period", "1s").maxDynos());
    assertEquals(100, Options.parse("--period", "1s", "--window", "30m").maxDynos());
  }

  @Test
  void mistakesAreOneLineThatSaysWhatToWrite() {
    assertMistake("--port takes a whole number from 0 to 65535, not 'x'", "--port", "x");
    assertMistake(
        "--period takes a duration such as 500ms, 5s, 1m or 1h, not '5x'", "--period", "5x");
    assertMistake("--period must be from 100ms to 1h", "--period", "10ms");
    assertMistake("--window holds at most 3600 periods", "--period", "100ms", "--window", "1h");
    assertMistake("unknown option --colour", "--colour", "red");
    assertMistake("--port needs a value", "--port");
  }

  private static void assertMistake(String expected, String... args) {
    Options.Invalid invalid = assertThrows(Options.Invalid.class, () -> Options.parse(args));
    assertTrue(invalid.getMessage().contains(expected), invalid.getMessage());
    assertTrue(!invalid.getMessage().contains("\n"), "one line");
  }
}
