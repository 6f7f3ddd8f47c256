package dev.fleet.nginx.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PollTest {

  @Test
  void pausesStartShortAndGrowByHalfUpToTheLongest() {
    List<Long> pauses = new ArrayList<>();
    Duration pause = Poll.FIRST;
    for (int i = 0; i < 14; i++) {
      pauses.add(pause.toMillis());
      pause = Poll.next(pause);
    }
    assertEquals(List.of(10L, 15L, 22L, 33L, 50L, 75L, 113L, 170L, 256L, 384L, 500L, 500L, 500L, 500L), pauses);
  }

  @Test
  void looksAgainUntilTheConditionHolds() throws Exception {
    int[] looks = new int[1];
    String value = Poll.until(Duration.ofSeconds(30), () -> ++looks[0] == 4 ? Optional.of("up") : Optional.empty(),
        waited -> "never");
    assertEquals("up", value);
    assertEquals(4, looks[0]);
  }

  @Test
  void theFirstLookComesAfterTheFirstPause() throws Exception {
    long start = System.nanoTime();
    long firstLook = Poll.until(Duration.ofSeconds(30), () -> Optional.of(System.nanoTime()), waited -> "never");
    assertTrue(firstLook - start >= Poll.FIRST.toNanos(), "looked after " + (firstLook - start) + " ns");
  }

  @Test
  void aConditionNeverMetFailsWithTheTimeoutMessage() {
    StepFailure failure = assertThrows(StepFailure.class, () -> Poll.until(Duration.ofMillis(100),
        Optional::empty, waited -> "gave up after " + (waited.toMillis() >= 100 ? "the timeout" : "too early")));
    assertEquals("gave up after the timeout", failure.getMessage());
  }
}
