package dev.fleet.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationParserTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource({"500ms, 500, 500ms", "30s, 30000, 30s", "2m, 120000, 2m", "1h, 3600000, 1h",
      "1m30s, 90000, 1m30s", "0, 0, 0s"})
  void readsAndWritesDurations(String text, long millis, String formatted) {
    Duration duration = DurationParser.parse(text);

    assertEquals(Duration.ofMillis(millis), duration);
    assertEquals(formatted, DurationParser.format(duration));
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(strings = {"10", "1.5s", "s", "-5s", "10 s", "ten seconds", ""})
  void refusesAnythingWithoutAUnit(String text) {
    assertThrows(IllegalArgumentException.class, () -> DurationParser.parse(text));
  }
}
