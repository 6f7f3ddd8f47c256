package dev.fleet.nginx;

import java.util.List;

/** Formats error log lines for the end of a failure message. */
final class Alerts {
  private Alerts() {}

  static String suffix(List<String> alerts) {
    return alerts.isEmpty() ? "" : "; error.log: " + String.join(" | ", alerts);
  }
}
