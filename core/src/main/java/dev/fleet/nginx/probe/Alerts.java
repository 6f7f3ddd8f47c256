package dev.fleet.nginx.probe;

import java.util.List;

/** Formats error log lines for the end of a failure message. */
public final class Alerts {
  private Alerts() {}

  public static String suffix(List<String> alerts) {
    return alerts.isEmpty() ? "" : "; error.log: " + String.join(" | ", alerts);
  }
}
