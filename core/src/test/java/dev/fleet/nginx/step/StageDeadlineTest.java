package dev.fleet.nginx.step;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fleet.nginx.step.StageBinary;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The stage command carries the upload: its deadline grows with the binary. */
class StageDeadlineTest {

  @ParameterizedTest
  @CsvSource({
    "0, 60",
    "1264552, 64", // the sandbox's nginx, 1.2 MB
    "20971520, 140", // 20 MiB
    "104857600, 460", // 100 MiB: 2 Mbit/s is 3.3 s per MiB
  })
  void aMinuteForTheChecksPlusFourSecondsPerMiB(long bytes, long seconds) {
    assertEquals(Duration.ofSeconds(seconds), StageBinary.deadline(bytes));
  }
}
