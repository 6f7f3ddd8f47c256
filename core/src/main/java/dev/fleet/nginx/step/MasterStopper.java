package dev.fleet.nginx.step;

import dev.fleet.nginx.probe.Durations;
import dev.fleet.nginx.probe.NginxSnapshot;
import dev.fleet.nginx.probe.Poll;
import dev.fleet.nginx.probe.ProcessEntry;
import dev.fleet.nginx.probe.StepFailure;
import dev.fleet.transport.TransportException;
import java.util.List;
import java.util.Optional;

/**
 * Takes a host back from "two masters" to its old master: stops the new master (QUIT, then TERM,
 * then KILL with its workers, since a master hung before its main loop ignores the others) and
 * waits until nginx has renamed {@code .oldbin} back to the pid file.
 */
final class MasterStopper {
  private static final List<String> ESCALATION = List.of("QUIT", "TERM", "KILL");

  private final HostSession session;
  private final ProcessEntry oldMaster;

  /** {@code oldMaster}: the master to go back to; the new master is found on the host, as its child. */
  MasterStopper(HostSession session, ProcessEntry oldMaster) {
    this.session = session;
    this.oldMaster = oldMaster;
  }

  void stopNewMaster() throws TransportException, StepFailure, InterruptedException {
    int old = oldMaster.pid();
    for (String signal : ESCALATION) {
      Optional<ProcessEntry> child = newMaster(session.probe().quick());
      if (child.isEmpty()) {
        break;
      }
      if (signal.equals("KILL")) {
        killWithWorkers(child.get());
      } else {
        session.signal(child.get(), signal);
      }
      if (waitGone(child.get().pid())) {
        break;
      }
    }
    Poll.until(
        session.timeouts().quit(),
        () -> {
          NginxSnapshot s = session.probe().quick();
          boolean back =
              s.isAlive(old) && s.pidFile().orElse(-1) == old && s.oldbinFile().isEmpty();
          return back ? Optional.of(s) : Optional.empty();
        },
        waited ->
            "after stopping the new master, "
                + session.host().nginx().pidFile()
                + " did not return to the old master "
                + old
                + " within "
                + Durations.show(waited));
  }

  /**
   * The master the old one forked, seen or not by the step: while the old master lives, the new
   * one is its child.
   */
  private Optional<ProcessEntry> newMaster(NginxSnapshot s) {
    return s.childMasterOf(oldMaster.pid());
  }

  private void killWithWorkers(ProcessEntry master) throws TransportException, StepFailure {
    session.killTree(master);
  }

  private boolean waitGone(int pid) throws TransportException, InterruptedException {
    try {
      Poll.until(
          session.timeouts().quit(),
          () -> session.probe().quick().isAlive(pid) ? Optional.empty() : Optional.of(Boolean.TRUE),
          waited -> "still running");
      return true;
    } catch (StepFailure stillRunning) {
      return false;
    }
  }
}
