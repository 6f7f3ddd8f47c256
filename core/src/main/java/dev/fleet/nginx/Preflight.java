package dev.fleet.nginx;

import dev.fleet.transport.TransportException;
import java.util.List;

/** Reads the running master once and refuses hosts the upgrade cannot be done safely on. */
final class Preflight implements UpgradeStep {

  @Override
  public String name() {
    return "preflight";
  }

  @Override
  public void apply(UpgradeContext ctx) throws TransportException, StepFailure {
    NginxSnapshot snap = ctx.probe.withDigests(-1);
    List<ProcessEntry> masters = snap.masters();
    if (masters.isEmpty()) {
      throw new StepFailure("nginx is not running (no master process)");
    }
    if (masters.size() > 1) {
      throw new StepFailure(
          "two nginx masters are running ("
              + masters.stream().map(m -> Integer.toString(m.pid())).toList()
              + "): an upgrade is already half-way");
    }
    if (snap.oldbinFile().isPresent()) {
      throw new StepFailure(ctx.host.nginx().pidFile() + ".oldbin exists: an upgrade is already half-way");
    }
    ProcessEntry master = masters.get(0);
    if (snap.pidFile().isEmpty() || snap.pidFile().getAsInt() != master.pid()) {
      throw new StepFailure(
          "pid file "
              + ctx.host.nginx().pidFile()
              + " does not hold the running master "
              + master.pid()
              + " (check nginx.pid_file)");
    }
    if (!master.masterBinary().equals(ctx.binary())) {
      throw new StepFailure(
          "the master runs " + master.masterBinary() + ", not nginx.binary " + ctx.binary());
    }
    String running = snap.exeDigest(master.pid()).orElseThrow(
        () -> new StepFailure("could not read the running master's executable"));
    if (!snap.binaryDigest().equals(java.util.Optional.of(running))) {
      throw new StepFailure(
          ctx.binary() + " on disk is not the binary the master runs: someone changed it");
    }
    ctx.oldMaster = master;
    ctx.alreadyCurrent = running.equals(ctx.newBinary.sha256());
    ctx.expectedWorkers = snap.activeWorkersOf(master.pid()).size();
    if (ctx.expectedWorkers == 0) {
      throw new StepFailure("the master " + master.pid() + " has no workers");
    }
  }

  @Override
  public void undo(UpgradeContext ctx) {
    // Preflight changes nothing.
  }
}
