package dev.fleet.nginx.step;

/**
 * Where a step takes the host, in the order an upgrade passes through them. Failure handling and
 * recovery reason by phase: a phase's steps are undone once the host has reached it, whatever
 * steps the procedure lists and in whatever order.
 */
public enum Phase {
  /** Looks only; a failure here refuses the host with nothing changed. */
  CHECK,
  /** The binary path holds the file being installed; the old master still runs the old one. */
  STAGE,
  /** USR2: a new master runs beside the old one, which still has its workers. */
  FORK,
  /** WINCH: the old master's workers are gone; it keeps its sockets and can take over again. */
  DRAIN,
  /** Checks on the new master while the old one can still take over; changes nothing. */
  VERIFY,
  /** QUIT to the old master: the point of no return. Nothing in it is undone. */
  COMMIT;

  /** A failure in this phase leaves the host as it was: nothing to undo. */
  public boolean changesNothing() {
    return this == CHECK;
  }

  /** Past this phase, the way back is a second upgrade (fleet rollback), not an undo. */
  public boolean isPointOfNoReturn() {
    return this == COMMIT;
  }
}
