package dev.fleet.nginx.step;

import dev.fleet.nginx.probe.NginxSnapshot;
import dev.fleet.nginx.probe.ProcessEntry;
import java.util.Optional;

/**
 * What the snapshots after USR2 say of the new master, judged one after another: up, not yet, or
 * given up (nginx took its pid file back after a child that failed).
 *
 * <p>A snapshot is not taken at one instant: the probe reads the pid file and {@code .oldbin}
 * (again while the pid file changed between its reads, so those two agree), then stats the pid
 * file. USR2 makes nginx rename the pid file to {@code .oldbin} before it forks the new binary, so
 * a rename after the reads and before the stat leaves the old pid, no {@code .oldbin}, and no pid
 * file to stat (its change time empty). That is the middle of the rename, not its undoing: only a
 * pid file that is there, with a change time unlike the one before USR2, tells of a rename. The
 * other race, a stale old pid read before a rename and the new master's pid file stat'ed after it,
 * is told apart by the process table, read last: that master is already there, as a child.
 */
final class NewMasterSightings {
  enum Verdict {
    UP,
    WAITING,
    PID_FILE_TAKEN_BACK
  }

  private final NginxSnapshot before;
  private final int old;
  private final int workers;
  /** Some snapshot showed nginx acting on USR2: a rename, an {@code .oldbin}, or a child master. */
  private boolean forked;

  NewMasterSightings(NginxSnapshot before, int old, int workers) {
    this.before = before;
    this.old = old;
    this.workers = workers;
  }

  Verdict see(NginxSnapshot s) {
    Optional<ProcessEntry> child = s.childMasterOf(old);
    forked |= s.oldbinFile().isPresent() || child.isPresent() || pidFileRenamed(s);
    if (child.isPresent() && isUp(s, child.get().pid())) {
      return Verdict.UP;
    }
    if (child.isEmpty() && oldPidFileBack(s) && (forked || !s.alerts().isEmpty())) {
      return Verdict.PID_FILE_TAKEN_BACK;
    }
    return Verdict.WAITING;
  }

  /** The pid file is there and changed since USR2 (empty: it was not there when stat looked). */
  private boolean pidFileRenamed(NginxSnapshot s) {
    return !s.pidFileChanged().isEmpty() && !s.pidFileChanged().equals(before.pidFileChanged());
  }

  private boolean isUp(NginxSnapshot s, int child) {
    return s.pidFile().orElse(-1) == child
        && s.oldbinFile().orElse(-1) == old
        && s.activeWorkersOf(child).size() >= workers;
  }

  /** The old pid in the pid file, no {@code .oldbin}, and the pid file there when stat looked. */
  private boolean oldPidFileBack(NginxSnapshot s) {
    return s.oldbinFile().isEmpty() && s.pidFile().orElse(-1) == old && !s.pidFileChanged().isEmpty();
  }
}
