package dev.fleet.nginx.probe;

import dev.fleet.transport.TransportException;
import java.time.Duration;
import java.util.Optional;

/**
 * Waits for a condition on a host by asking again, fast at first and slower as time goes by: most
 * nginx transitions finish in tens of milliseconds, while a drain can take minutes. Pauses grow by
 * half each time, not double, so a transition is seen at most about half its duration late. The
 * first look comes after the first pause.
 */
public final class Poll {
  static final Duration FIRST = Duration.ofMillis(10);
  static final Duration LONGEST = Duration.ofMillis(500);

  /** One look at the host: a value when done, empty to look again, StepFailure to give up now. */
  public interface Check<T> {
    Optional<T> look() throws TransportException, StepFailure;
  }

  /** A message for the timeout, built from the last look so it says what was seen. */
  public interface TimeoutMessage {
    String describe(Duration waited);
  }

  private Poll() {}

  /** The pause after {@code pause}: half as long again, up to {@link #LONGEST}. */
  static Duration next(Duration pause) {
    Duration longer = pause.plus(pause.dividedBy(2));
    return longer.compareTo(LONGEST) > 0 ? LONGEST : longer;
  }

  public static <T> T until(Duration timeout, Check<T> check, TimeoutMessage onTimeout)
      throws TransportException, StepFailure, InterruptedException {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    Duration pause = FIRST;
    // Nothing an upgrade waits for is done the moment its signal lands: a look before the first
    // pause only costs the host a probe (its CPU is what a large parallel batch runs short of).
    Thread.sleep(FIRST.toMillis());
    pause = next(pause);
    while (true) {
      Optional<T> value = check.look();
      if (value.isPresent()) {
        return value.get();
      }
      long now = System.nanoTime();
      if (now >= deadline) {
        throw new StepFailure(onTimeout.describe(Duration.ofNanos(now - start)));
      }
      Thread.sleep(Math.max(1, Math.min(pause.toMillis(), (deadline - now) / 1_000_000)));
      pause = next(pause);
    }
  }
}
