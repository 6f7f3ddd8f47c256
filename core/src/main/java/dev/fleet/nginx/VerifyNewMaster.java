package dev.fleet.nginx;

import dev.fleet.transport.CommandResult;
import dev.fleet.transport.RemoteCommand;
import dev.fleet.transport.TransportException;
import java.time.Duration;
import java.util.List;

/**
 * The last checks while the old master can still take over: the new master runs the new binary,
 * has all its workers and keeps the same ones over the soak (no crash-respawn churn), nothing
 * alarming was logged since USR2, and the health URL answers from the host.
 */
final class VerifyNewMaster implements UpgradeStep {

  @Override
  public String name() {
    return "verify";
  }

  @Override
  public void apply(UpgradeContext ctx)
      throws TransportException, StepFailure, InterruptedException {
    NginxSnapshot first = ctx.probe.withDigestOf(ctx.newMaster.pid(), ctx.errorLogOffset);
    checkMaster(ctx, first);
    List<Integer> workers = workerPids(first, ctx);
    checkHealth(ctx);
    if (!ctx.timeouts.soak().isZero()) {
      Thread.sleep(ctx.timeouts.soak().toMillis());
    }
    NginxSnapshot second = ctx.probe.quick(ctx.errorLogOffset);
    if (!workerPids(second, ctx).equals(workers)) {
      throw new StepFailure(
          "the new master's workers changed from " + workers + " to " + workerPids(second, ctx)
              + " (crashing and respawning?)" + Alerts.suffix(second.alerts()));
    }
    if (!second.alerts().isEmpty()) {
      throw new StepFailure("nginx logged trouble since the upgrade began" + Alerts.suffix(second.alerts()));
    }
  }

  private static void checkMaster(UpgradeContext ctx, NginxSnapshot s) throws StepFailure {
    int fresh = ctx.newMaster.pid();
    String running = s.exeDigest(fresh).orElseThrow(
        () -> new StepFailure("the new master " + fresh + " is gone" + Alerts.suffix(s.alerts())));
    if (!running.equals(ctx.targetSha256)) {
      throw new StepFailure(
          "the new master runs sha256 " + running + ", not the new binary " + ctx.targetSha256);
    }
    if (!s.alerts().isEmpty()) {
      throw new StepFailure("nginx logged trouble since the upgrade began" + Alerts.suffix(s.alerts()));
    }
  }

  private static List<Integer> workerPids(NginxSnapshot s, UpgradeContext ctx) throws StepFailure {
    List<Integer> pids = s.activeWorkersOf(ctx.newMaster.pid()).stream().map(ProcessEntry::pid).sorted().toList();
    if (pids.size() != ctx.expectedWorkers) {
      throw new StepFailure(
          "the new master has " + pids.size() + " workers, expected " + ctx.expectedWorkers);
    }
    return pids;
  }

  private static void checkHealth(UpgradeContext ctx) throws TransportException, StepFailure {
    RemoteCommand health =
        RemoteCommand.of(
            "health",
            Scripts.load("health.sh"),
            ctx.host.nginx().healthUrl(),
            Integer.toString(ctx.host.nginx().healthStatus()));
    CommandResult result = ctx.connection.run(health, Duration.ofSeconds(15));
    if (!result.ok()) {
      throw new StepFailure(Privilege.explain(result));
    }
  }

  @Override
  public void undo(UpgradeContext ctx) {
    // Verification changes nothing.
  }
}
