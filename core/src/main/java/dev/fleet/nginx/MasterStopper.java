package dev.fleet.nginx;

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

  private final UpgradeContext ctx;

  MasterStopper(UpgradeContext ctx) {
    this.ctx = ctx;
  }

  void stopNewMaster() throws TransportException, StepFailure, InterruptedException {
    int old = ctx.oldMaster.pid();
    for (String signal : ESCALATION) {
      Optional<ProcessEntry> child = newMaster(ctx.probe.quick());
      if (child.isEmpty()) {
        break;
      }
      if (signal.equals("KILL")) {
        killWithWorkers(child.get());
      } else {
        ctx.signal(child.get(), signal);
      }
      if (waitGone(child.get().pid())) {
        break;
      }
    }
    Poll.until(
        ctx.timeouts.quit(),
        () -> {
          NginxSnapshot s = ctx.probe.quick();
          boolean back =
              s.isAlive(old) && s.pidFile().orElse(-1) == old && s.oldbinFile().isEmpty();
          return back ? Optional.of(s) : Optional.empty();
        },
        waited ->
            "after stopping the new master, "
                + ctx.host.nginx().pidFile()
                + " did not return to the old master "
                + old
                + " within "
                + Durations.show(waited));
  }

  /** The new master as recorded, or any master the old one forked (it may not have been seen). */
  private Optional<ProcessEntry> newMaster(NginxSnapshot s) {
    if (ctx.newMaster != null) {
      Optional<ProcessEntry> seen = s.process(ctx.newMaster.pid());
      if (seen.isPresent() && seen.get().startTicks() == ctx.newMaster.startTicks()) {
        return seen;
      }
    }
    return s.childMasterOf(ctx.oldMaster.pid());
  }

  private void killWithWorkers(ProcessEntry master) throws TransportException, StepFailure {
    ctx.killTree(master);
  }

  private boolean waitGone(int pid) throws TransportException, InterruptedException {
    try {
      Poll.until(
          ctx.timeouts.quit(),
          () -> ctx.probe.quick().isAlive(pid) ? Optional.empty() : Optional.of(Boolean.TRUE),
          waited -> "still running");
      return true;
    } catch (StepFailure stillRunning) {
      return false;
    }
  }
}
