package dev.fleet.nginx.probe;

import java.time.Duration;

/** Durations the way operators write them: 850ms, 12.3s, 2m05s. */
public final class Durations {
  private Durations() {}

  public static String show(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + "ms";
    }
    if (ms < 60_000) {
      return String.format("%.1fs", ms / 1000.0);
    }
    return String.format("%dm%02ds", ms / 60_000, (ms / 1000) % 60);
  }
}
