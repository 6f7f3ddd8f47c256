package dev.fleet.nginx.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {
  @ParameterizedTest
  @CsvSource({
    "0, 0ms", "999, 999ms", "1000, 1.0s", "1049, 1.0s", "1050, 1.1s", "12340, 12.3s", "59949, 59.9s",
    "59950, 60.0s", "60000, 1m00s", "125000, 2m05s", "3600000, 60m00s"
  })
  void showsDurationsAsOperatorsWriteThem(long millis, String shown) {
    assertEquals(shown, Durations.show(Duration.ofMillis(millis)));
  }

  /** A progress line must read the same on a CI agent whose locale writes a decimal comma. */
  @Test
  void aDecimalCommaLocaleChangesNothing() {
    Locale before = Locale.getDefault();
    try {
      Locale.setDefault(Locale.GERMANY);
      assertEquals("12.3s", Durations.show(Duration.ofMillis(12_340)));
    } finally {
      Locale.setDefault(before);
    }
  }
}
