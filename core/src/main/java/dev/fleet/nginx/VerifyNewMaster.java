package dev.fleet.nginx;

import dev.fleet.transport.CommandResult;
import dev.fleet.transport.RecordStream;
import dev.fleet.transport.RemoteCommand;
import dev.fleet.transport.TransportException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The last checks while the old master can still take over: the new master runs the new binary,
 * has all its workers and keeps the same ones over the soak (no crash-respawn churn), nothing
 * alarming was logged since USR2, and the health URL answers from the host.
 */
final class VerifyNewMaster implements UpgradeStep {
  /** How long a look may take the host, on top of the soak. */
  private static final Duration LOOK_WAIT = Duration.ofSeconds(30);

  @Override
  public String name() {
    return "verify";
  }

  @Override
  public void apply(UpgradeContext ctx)
      throws TransportException, StepFailure, InterruptedException {
    Duration soak = ctx.timeouts.soak();
    // Both looks are one command (soak.sh): the host sleeps the soak between them while the
    // health URL is asked on a second channel.
    try (RecordStream looks = ctx.connection.stream(twoLooks(ctx, soak), soak.plus(LOOK_WAIT))) {
      NginxSnapshot first = next(looks, LOOK_WAIT);
      checkMaster(ctx, first);
      List<Integer> workers = workerPids(first, ctx);
      checkHealth(ctx);
      NginxSnapshot second = next(looks, soak.plus(LOOK_WAIT));
      if (!workerPids(second, ctx).equals(workers)) {
        throw new StepFailure(
            "the new master's workers changed from " + workers + " to " + workerPids(second, ctx)
                + " (crashing and respawning?)" + Alerts.suffix(second.alerts()));
      }
      if (!second.alerts().isEmpty()) {
        throw new StepFailure("nginx logged trouble since the upgrade began" + Alerts.suffix(second.alerts()));
      }
    }
  }

  private static RemoteCommand twoLooks(UpgradeContext ctx, Duration soak) {
    List<String> args =
        new ArrayList<>(
            List.of(
                Integer.toString(ctx.newMaster.pid()),
                soak.isZero() ? "0" : String.format(Locale.ROOT, "%d.%03d", soak.toSeconds(), soak.toMillisPart())));
    args.addAll(NginxProbe.arguments(ctx.host.nginx(), "quick", NginxProbe.offset(ctx.errorLogOffset)));
    return new RemoteCommand(Scripts.soak(), args, true, "verify-looks");
  }

  private static NginxSnapshot next(RecordStream looks, Duration wait)
      throws TransportException, StepFailure, InterruptedException {
    Optional<String> record = looks.next(wait);
    if (record.isPresent()) {
      return NginxSnapshot.parse(record.get());
    }
    Optional<CommandResult> ended = looks.result();
    throw new StepFailure(
        "could not read nginx state: "
            + ended.map(Privilege::explain).orElse("no answer within " + Durations.show(wait)));
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
