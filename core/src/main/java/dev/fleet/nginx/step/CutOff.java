package dev.fleet.nginx.step;

import dev.fleet.transport.TransportException;

/**
 * The connection broke half-way through a step that had already learned something the host
 * cannot tell afterwards: the procedure's recovery continues from {@link #learned}, not from what
 * held before the step.
 */
public final class CutOff extends TransportException {
  private final transient Learned learned;

  public CutOff(TransportException cause, Learned learned) {
    super(cause.getMessage(), cause.retryable(), cause);
    this.learned = learned;
  }

  public Learned learned() {
    return learned;
  }
}
