package dev.fleet.nginx.step;

import dev.fleet.nginx.probe.StepFailure;
import dev.fleet.transport.TransportException;

/**
 * One named step of the on-the-fly upgrade: it takes what earlier steps learned ({@code I}), moves
 * the host forward, checks that it got there and returns what it learned ({@code O}); and it knows
 * its own way back.
 */
public interface UpgradeStep<I extends Learned, O extends Learned> {

  /** A short name for progress lines and errors: "stage", "start-new-master". */
  String name();

  /** Where the step takes the host: what failure handling and recovery reason by. */
  Phase phase();

  /** Does the step and verifies its result; throws with what was seen when the host is not there. */
  O apply(HostSession session, I in) throws TransportException, StepFailure, InterruptedException;

  /**
   * Takes the host back to where it was before this step: {@code in} is what held then, the rest
   * is read from the host now (the step may have failed half-way). Called newest first for the
   * steps of every phase the host reached.
   */
  void undo(HostSession session, I in) throws TransportException, StepFailure, InterruptedException;
}
