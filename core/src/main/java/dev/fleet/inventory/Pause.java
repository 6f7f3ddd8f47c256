package dev.fleet.inventory;

import java.time.Duration;

/**
 * What happens between batches: a wait ({@code 0s} for none) or, {@code manual}, a stop until an
 * operator runs {@code fleet resume}.
 */
public record Pause(Duration between, boolean manual) {
  public static final Pause NONE = new Pause(Duration.ZERO, false);

  private static final String MANUAL = "manual";

  static Pause parse(String text) {
    return text.strip().equals(MANUAL) ? new Pause(Duration.ZERO, true) : new Pause(DurationParser.parse(text), false);
  }

  @Override
  public String toString() {
    return manual ? MANUAL : DurationParser.format(between);
  }
}
