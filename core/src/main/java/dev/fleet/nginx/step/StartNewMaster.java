package dev.fleet.nginx.step;

import dev.fleet.nginx.probe.Alerts;
import dev.fleet.nginx.probe.Durations;
import dev.fleet.nginx.probe.NginxSnapshot;
import dev.fleet.nginx.probe.NginxWatch;
import dev.fleet.nginx.probe.ProcessEntry;
import dev.fleet.nginx.probe.StepFailure;
import dev.fleet.transport.TransportException;
import java.time.Duration;
import java.util.Optional;

/**
 * USR2 to the old master, then waits for the new master: the pid file holds a new pid, {@code
 * .oldbin} holds the old one, the new master is the old one's child and has all its workers.
 */
public final class StartNewMaster implements UpgradeStep<Staged, Forked> {

  @Override
  public String name() {
    return "start-new-master";
  }

  @Override
  public Phase phase() {
    return Phase.FORK;
  }

  @Override
  public Forked apply(HostSession session, Staged in)
      throws TransportException, StepFailure, InterruptedException {
    Preflighted checked = in.checked();
    int old = checked.oldMaster().pid();
    int workers = checked.expectedWorkers();
    Duration timeout = session.timeouts().start();
    try (NginxWatch watch = session.watchAfter(checked.oldMaster(), "USR2", true, timeout)) {
      NginxSnapshot before = watch.before();
      long errorLogOffset = Math.max(0, before.errorLogSize());
      NginxSnapshot[] last = new NginxSnapshot[1];
      NewMasterSightings sightings = new NewMasterSightings(before, old, workers);
      ProcessEntry newMaster;
      try {
        newMaster =
          watch.until(
              timeout,
              s -> {
                last[0] = s;
                switch (sightings.see(s)) {
                  case UP:
                    return s.childMasterOf(old);
                  case PID_FILE_TAKEN_BACK:
                    // nginx renames .oldbin back once the failed child is reaped: S2 failed.
                    throw new StepFailure(
                        "the new binary did not start (nginx took its pid file back)"
                            + Alerts.suffix(session.errorLogTail(errorLogOffset)));
                  default:
                    return Optional.empty();
                }
              },
              waited ->
                  "new master did not come up within "
                      + Durations.show(waited)
                      + " ("
                      + describe(last[0], old, workers)
                      + ")"
                      + Alerts.suffix(last[0] == null ? java.util.List.of() : last[0].alerts()));
      } catch (TransportException e) {
        // The host cannot tell recovery where the log stood before USR2; this step can.
        throw new CutOff(e, new Signalled(in, errorLogOffset));
      }
      return new Forked(in, newMaster, errorLogOffset);
    }
  }

  private static String describe(NginxSnapshot s, int old, int workers) {
    if (s == null) {
      return "no answer from the host";
    }
    Optional<ProcessEntry> child = s.childMasterOf(old);
    return "pid file: "
        + (s.pidFile().isPresent() ? s.pidFile().getAsInt() : "empty")
        + ", .oldbin: "
        + (s.oldbinFile().isPresent() ? s.oldbinFile().getAsInt() : "none")
        + ", new master: "
        + child.map(c -> c.pid() + " with " + s.activeWorkersOf(c.pid()).size() + "/" + workers + " workers")
            .orElse("none");
  }

  @Override
  public void undo(HostSession session, Staged in)
      throws TransportException, StepFailure, InterruptedException {
    new MasterStopper(session, in.checked().oldMaster()).stopNewMaster();
  }
}
