package dev.fleet.rollout;

import dev.fleet.nginx.HostState;
import dev.fleet.nginx.StepObserver;
import java.time.Duration;

/** Passes one host's steps on, keeping the versions it changes between for its after_host. */
final class VersionCapture implements StepObserver {
  private final StepObserver next;
  private volatile String from = "";
  private volatile String to = "";

  VersionCapture(StepObserver next) {
    this.next = next;
  }

  String from() {
    return from;
  }

  String to() {
    return to;
  }

  @Override
  public void binaryChange(String host, String fromVersion, String fromSha256, String toVersion, String toSha256) {
    from = fromVersion == null ? "" : fromVersion;
    to = toVersion == null ? "" : toVersion;
    next.binaryChange(host, fromVersion, fromSha256, toVersion, toSha256);
  }

  @Override
  public void stepStarted(String host, String step) {
    next.stepStarted(host, step);
  }

  @Override
  public void stepSucceeded(String host, String step, Duration took) {
    next.stepSucceeded(host, step, took);
  }

  @Override
  public void stepFailed(String host, String step, String reason) {
    next.stepFailed(host, step, reason);
  }

  @Override
  public void undoStarted(String host, String step) {
    next.undoStarted(host, step);
  }

  @Override
  public void undoFailed(String host, String step, String reason) {
    next.undoFailed(host, step, reason);
  }

  @Override
  public void stateObserved(String host, HostState state, String evidence) {
    next.stateObserved(host, state, evidence);
  }
}
