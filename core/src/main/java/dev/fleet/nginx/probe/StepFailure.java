package dev.fleet.nginx.probe;

/** A step found the host not in the state it needs; the message says what was seen. */
public class StepFailure extends Exception {
  public StepFailure(String message) {
    super(message);
  }
}
