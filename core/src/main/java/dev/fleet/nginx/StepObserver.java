package dev.fleet.nginx;

import dev.fleet.nginx.probe.HostState;
import java.time.Duration;

/** Hears each step of one host's upgrade as it happens; progress and journals hang off it. */
public interface StepObserver {
  StepObserver NONE = new StepObserver() {};

  default void stepStarted(String host, String step) {}

  default void stepSucceeded(String host, String step, Duration took) {}

  default void stepFailed(String host, String step, String reason) {}

  /** The way back from {@code step} is being taken. */
  default void undoStarted(String host, String step) {}

  default void undoFailed(String host, String step, String reason) {}

  /**
   * The binary is staged: what {@code nginx -v} says of the running and the staged file, and
   * their sha256 ("nginx version: nginx/1.22.1"; empty when a binary did not say).
   */
  default void binaryChange(String host, String fromVersion, String fromSha256, String toVersion, String toSha256) {}

  /** A host was probed to decide how to carry on after a broken connection or in a resumed run. */
  default void stateObserved(String host, HostState state, String evidence) {}
}
