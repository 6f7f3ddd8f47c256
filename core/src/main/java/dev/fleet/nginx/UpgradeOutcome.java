package dev.fleet.nginx;

import java.time.Duration;

/**
 * How one host's upgrade ended.
 *
 * @param step the step that failed, or null
 * @param reason what was seen, or null on success
 * @param hookFailed a hook around the host failed (after_host): whatever the status says, the
 *     host counts as failed
 */
public record UpgradeOutcome(String host, Status status, String step, String reason, Duration took, boolean hookFailed) {

  public UpgradeOutcome(String host, Status status, String step, String reason, Duration took) {
    this(host, status, step, reason, took, false);
  }

  /** The same outcome, failed by {@code hook}: the host's own failure, if any, stays named first. */
  public UpgradeOutcome withHookFailure(String hook, String hookReason) {
    boolean ownFailure = !succeeded();
    return new UpgradeOutcome(
        host,
        status,
        ownFailure ? step : hook,
        reason == null ? hookReason : reason + "; " + hookReason,
        took,
        true);
  }

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
    return !hookFailed && (status == Status.UPGRADED || status == Status.ALREADY_CURRENT);
  }
}
