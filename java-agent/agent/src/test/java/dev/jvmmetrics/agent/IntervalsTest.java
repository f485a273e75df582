package dev.jvmmetrics.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IntervalsTest {
  @ParameterizedTest
  @CsvSource({
    "250ms, 250",
    "100ms, 100",
    "5s, 5000",
    "5, 5000",
    "1m, 60000",
    "1h, 3600000",
    "60m, 3600000",
    "' 10s ', 10000",
    "5S, 5000",
    "250MS, 250"
  })
  void parsesEveryUnit(String text, long millis) {
    assertEquals(millis, Intervals.parseMillis(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"99ms", "0", "61m", "2h", "3601s"})
  void rejectsOutOfRange(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Intervals.parseMillis(text));
    assertEquals("must be between 100ms and 1h", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "s", "5 s", "5sec", "1.5s", "-5s", "1d", "12345678901s"})
  void rejectsWhatIsNotADuration(String text) {
    assertThrows(IllegalArgumentException.class, () -> Intervals.parseMillis(text));
  }

  @ParameterizedTest
  @CsvSource({"250, 250ms", "5000, 5s", "60000, 1m", "3600000, 1h", "1500, 1500ms"})
  void formatsInTheLargestWholeUnit(long millis, String text) {
    assertEquals(text, Intervals.format(millis));
  }
}
