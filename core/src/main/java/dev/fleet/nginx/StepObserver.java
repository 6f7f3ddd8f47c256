package dev.fleet.nginx;

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
}
