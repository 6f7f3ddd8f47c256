package dev.fleet.nginx;

import dev.fleet.transport.TransportException;

/**
 * One named step of the on-the-fly upgrade: it moves the host forward and checks that it got
 * there, and it knows its own way back.
 */
interface UpgradeStep {

  /** A short name for progress lines and errors: "stage", "start-new-master". */
  String name();

  /** Where the step takes the host: what failure handling and recovery reason by. */
  Phase phase();

  /** Does the step and verifies its result; throws with what was seen when the host is not there. */
  void apply(UpgradeContext ctx) throws TransportException, StepFailure, InterruptedException;

  /**
   * Takes the host back to where it was before this step, judging by what the host shows now (the
   * step may have failed half-way). Called in reverse order for every step that was begun.
   */
  void undo(UpgradeContext ctx) throws TransportException, StepFailure, InterruptedException;
}
