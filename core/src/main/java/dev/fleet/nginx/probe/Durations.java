package dev.fleet.nginx.probe;

import java.time.Duration;

/**
 * Durations the way operators write them: 850ms, 12.3s, 2m05s. Built by hand: the progress
 * line of every step shows one, and {@link String#format} showed in the controller's CPU profile
 * (it also wrote "12,3s" under a locale with a decimal comma).
 */
public final class Durations {
  private Durations() {}

  public static String show(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + "ms";
    }
    if (ms < 60_000) {
      long tenths = (ms + 50) / 100; // rounded half up, as %.1f did
      return tenths / 10 + "." + tenths % 10 + "s";
    }
    long seconds = (ms / 1000) % 60;
    return ms / 60_000 + "m" + (seconds < 10 ? "0" : "") + seconds + "s";
  }
}
