package dev.fleet.cli;

/** What fleet's exit status means; the README and --help list the same table. */
final class ExitCode {
  /** Every selected host runs the new binary, verified. */
  static final int OK = 0;
  /** The rollout halted on a failure; the failed host was rolled back, later hosts untouched. */
  static final int HALTED = 1;
  /** Usage or inventory error; no host was touched. */
  static final int USAGE = 2;
  /** Needs attention: a rollback could not complete or a host is in an unknown state. */
  static final int NEEDS_ATTENTION = 3;

  private ExitCode() {}

  /** For picocli footers: must be a compile-time constant, hence no String.join. */
  static final String TABLE =
      "Exit codes:%n"
          + "  0  every selected host runs the new binary, verified%n"
          + "  1  rollout halted: a host failed and was rolled back; later hosts untouched%n"
          + "  2  usage or inventory error; no host touched%n"
          + "  3  needs attention: a rollback could not complete or a host is in an unknown state";
}
