package dev.fleet.nginx.step;

import dev.fleet.nginx.probe.Durations;
import dev.fleet.nginx.probe.NginxWatch;
import dev.fleet.nginx.probe.StepFailure;
import dev.fleet.transport.TransportException;
import java.util.Optional;

/**
 * QUIT to the old master: the point of no return. Done when the old master has exited, nginx has
 * removed {@code .oldbin} and the pid file holds the new master.
 */
public final class QuitOldMaster implements UpgradeStep<Forked, Forked> {

  @Override
  public String name() {
    return "commit";
  }

  @Override
  public Phase phase() {
    return Phase.COMMIT;
  }

  @Override
  public Forked apply(HostSession session, Forked in)
      throws TransportException, StepFailure, InterruptedException {
    int old = in.oldMaster().pid();
    int fresh = in.newMaster().pid();
    try (NginxWatch watch = session.watchAfter(in.oldMaster(), "QUIT", false, session.timeouts().quit())) {
      watch.until(
          session.timeouts().quit(),
          s -> {
            boolean done =
                !s.isAlive(old) && s.oldbinFile().isEmpty() && s.pidFile().orElse(-1) == fresh;
            return done ? Optional.of(s) : Optional.empty();
          },
          waited -> "the old master " + old + " did not exit within " + Durations.show(waited) + " of QUIT");
    }
    return in;
  }

  @Override
  public void undo(HostSession session, Forked in) {
    // Nothing: after QUIT only a second upgrade, back to the backup binary, undoes the change.
  }
}
