package dev.fleet.nginx;

import dev.fleet.transport.TransportException;
import java.util.Optional;

/**
 * QUIT to the old master: the point of no return. Done when the old master has exited, nginx has
 * removed {@code .oldbin} and the pid file holds the new master.
 */
final class QuitOldMaster implements UpgradeStep {

  @Override
  public String name() {
    return "commit";
  }

  @Override
  public Phase phase() {
    return Phase.COMMIT;
  }

  @Override
  public void apply(UpgradeContext ctx)
      throws TransportException, StepFailure, InterruptedException {
    int old = ctx.oldMaster.pid();
    int fresh = ctx.newMaster.pid();
    try (NginxWatch watch = ctx.watchAfter("QUIT", false, ctx.timeouts.quit())) {
      watch.until(
          ctx.timeouts.quit(),
          s -> {
            boolean done =
                !s.isAlive(old) && s.oldbinFile().isEmpty() && s.pidFile().orElse(-1) == fresh;
            return done ? Optional.of(s) : Optional.empty();
          },
          waited -> "the old master " + old + " did not exit within " + Durations.show(waited) + " of QUIT");
    }
  }

  @Override
  public void undo(UpgradeContext ctx) {
    // Nothing: after QUIT only a second upgrade, back to the backup binary, undoes the change.
  }
}
