package dev.fleet.cli;

import dev.fleet.rollout.RolloutResult;

/** What fleet's exit status means; the README and --help list the same table. */
final class ExitCode {
  static final int OK = 0;
  static final int HALTED = 1;
  static final int USAGE = 2;
  static final int NEEDS_ATTENTION = 3;
  static final int PAUSED = 4;
  static final int LOCKED = 5;
  static final int FAILURES_WITHIN_BUDGET = 6;

  private ExitCode() {}

  static int of(RolloutResult result) {
    return switch (result.status()) {
      case COMPLETED -> OK;
      case HALTED -> HALTED;
      case NEEDS_ATTENTION -> NEEDS_ATTENTION;
      case PAUSED -> PAUSED;
      case COMPLETED_WITH_FAILURES -> FAILURES_WITHIN_BUDGET;
    };
  }

  /**
   * For picocli footers: must be a compile-time constant, hence no String.join. One line per code,
   * each within 80 columns (HelpFooterTest).
   */
  static final String TABLE =
      "Exit codes:%n"
          + "  0  every selected host runs the new binary, verified%n"
          + "  1  rollout halted: failure budget breached; rolled back per policy%n"
          + "  2  usage or inventory error, or the plan was not confirmed; no host touched%n"
          + "  3  needs attention: a rollback did not complete, or a host's state is unknown%n"
          + "  4  paused (manual gate or interrupted); continue with `fleet resume`%n"
          + "  5  another run holds the inventory's lock%n"
          + "  6  finished within the failure budget, but some hosts failed and were restored";
}
