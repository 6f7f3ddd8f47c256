package dev.fleet.nginx.step;

import dev.fleet.nginx.probe.Durations;
import dev.fleet.nginx.probe.NginxSnapshot;
import dev.fleet.nginx.probe.NginxWatch;
import dev.fleet.nginx.probe.Poll;
import dev.fleet.nginx.probe.StepFailure;
import dev.fleet.transport.TransportException;
import java.util.Optional;

/**
 * WINCH to the old master: its workers stop accepting and exit once their connections end, while
 * it keeps its listen sockets and can take over again. The new master is the old one's child, so
 * only the old master's workers are counted.
 */
public final class DrainOldWorkers implements UpgradeStep<Forked, Forked> {

  @Override
  public String name() {
    return "drain-old-workers";
  }

  @Override
  public Phase phase() {
    return Phase.DRAIN;
  }

  @Override
  public Forked apply(HostSession session, Forked in)
      throws TransportException, StepFailure, InterruptedException {
    int old = in.oldMaster().pid();
    int fresh = in.newMaster().pid();
    NginxSnapshot[] last = new NginxSnapshot[1];
    try (NginxWatch watch = session.watchAfter(in.oldMaster(), "WINCH", false, session.timeouts().drain())) {
      watch.until(
          session.timeouts().drain(),
          s -> {
            last[0] = s;
            if (!s.isAlive(fresh)) {
              throw new StepFailure("the new master " + fresh + " died while the old workers drained");
            }
            return s.workersOf(old).isEmpty() ? Optional.of(s) : Optional.empty();
          },
          waited ->
              (last[0] == null ? "the" : Integer.toString(last[0].workersOf(old).size()))
                  + " old workers still running after drain_timeout "
                  + Durations.show(waited)
                  + " (long-lived connections?)");
    }
    return in;
  }

  @Override
  public void undo(HostSession session, Forked in)
      throws TransportException, StepFailure, InterruptedException {
    int old = in.oldMaster().pid();
    int workers = in.checked().expectedWorkers();
    NginxSnapshot now = session.probe().quick();
    if (!now.isAlive(old)) {
      throw new StepFailure("the old master " + old + " is gone; cannot take over again");
    }
    if (now.activeWorkersOf(old).size() >= workers) {
      return; // WINCH never arrived: a HUP now would start a second set of workers
    }
    // HUP makes a master whose workers were WINCHed start workers again, without re-reading
    // its configuration; only then may the new master be stopped.
    session.signal(in.oldMaster(), "HUP");
    Poll.until(
        session.timeouts().start(),
        () -> {
          NginxSnapshot s = session.probe().quick();
          return s.activeWorkersOf(old).size() >= workers
              ? Optional.of(s)
              : Optional.empty();
        },
        waited -> "the old master " + old + " did not start its workers again within " + Durations.show(waited));
  }
}
