package dev.fleet.nginx;

import java.time.Duration;

/**
 * How one host's upgrade ended.
 *
 * @param step the step that failed, or null
 * @param reason what was seen, or null on success
 */
public record UpgradeOutcome(String host, Status status, String step, String reason, Duration took) {

  public enum Status {
    /** The new binary runs, verified, and the old master is gone. */
    UPGRADED,
    /** Preflight found the new binary already running; nothing was changed. */
    ALREADY_CURRENT,
    /** The host could not be reached or failed preflight; nothing on it was changed. */
    REFUSED,
    /** A step failed and the host was taken back: it serves from its old master and binary. */
    ROLLED_BACK,
    /** A step failed and the way back failed too, or the failure came after the point of no return. */
    NEEDS_ATTENTION
  }

  public boolean succeeded() {
    return status == Status.UPGRADED || status == Status.ALREADY_CURRENT;
  }
}
