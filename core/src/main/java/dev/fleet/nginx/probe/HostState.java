package dev.fleet.nginx.probe;

/**
 * Where a host stands in the on-the-fly upgrade, as its pid files and process table show it (see
 * docs/nginx-upgrade.md in this repository, "The dance, and what each state looks like"). Derived by {@link
 * HostView#of}; never remembered from an earlier run.
 */
public enum HostState {
  /** S0: one master, the pid file holds it, no .oldbin, the file on disk is what it runs. */
  RUNNING(true),
  /** S1: like RUNNING, but the file on disk is another binary and the backup is the running one. */
  STAGED(true),
  /** S2: USR2 was sent; .oldbin or a child of the master exists, the new master is not up yet. */
  FORKING(true),
  /** S3: both masters up, the pid file holds the new one, the old one still has workers. */
  BOTH_UP(true),
  /** S4: both masters up and the old master has no accepting workers left (WINCH was sent). */
  DRAINING(true),
  /** S5: one master running the target binary, the file on disk is that binary. */
  COMMITTED(true),

  /** No nginx master runs. */
  NOT_RUNNING(false),
  /** nginx runs without a master process (master_process off, or never retitled): no upgrade possible. */
  NO_MASTER_PROCESS(false),
  /** Two or more masters that are not a parent and its USR2 child. */
  UNRELATED_MASTERS(false),
  /** One master and a .oldbin file no half-way upgrade explains (a dead pid, or the master itself). */
  STALE_OLDBIN(false),
  /** One master, but the pid file does not hold it (wrong pid_file in the inventory?). */
  PID_FILE_MISMATCH(false),
  /** One master, and the file on disk is neither what it runs nor explained by the backup. */
  DISK_MISMATCH(false),
  /** The digests needed to tell the states apart could not be read. */
  UNKNOWN(false);

  private final boolean known;

  HostState(boolean known) {
    this.known = known;
  }

  /** False for states fleet does not move a host out of by itself: an operator has to look. */
  public boolean isKnown() {
    return known;
  }

  /** The name as progress lines show it: "both-up". */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
