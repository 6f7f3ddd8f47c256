package dev.fleet.rollout;

import dev.fleet.inventory.Host;
import dev.fleet.nginx.HostGuard;
import dev.fleet.nginx.InsideLock;
import dev.fleet.nginx.StepObserver;
import dev.fleet.nginx.UpgradeOutcome;
import dev.fleet.transport.Connector;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A host procedure that touches no host: each host ends as the script says (UPGRADED unless
 * named), and every call is recorded, so rollout rules are tested as tables.
 */
final class ScriptedProcedure implements HostProcedure {
  private final Kind kind;
  private final Map<String, UpgradeOutcome.Status> script;
  final List<String> ran = new CopyOnWriteArrayList<>();

  ScriptedProcedure(Kind kind, Map<String, UpgradeOutcome.Status> script) {
    this.kind = kind;
    this.script = script;
  }

  @Override
  public Kind kind() {
    return kind;
  }

  @Override
  public UpgradeOutcome run(Connector connector, Host host, StepObserver observer, InsideLock inside)
      throws InterruptedException {
    // As the real procedure: the host is "locked", then inside entered; a refusal there runs nothing.
    Optional<String> declined = inside.enter();
    if (declined.isPresent()) {
      UpgradeOutcome refused =
          new UpgradeOutcome(host.name(), UpgradeOutcome.Status.REFUSED, inside.step(), declined.get(), Duration.ZERO);
      inside.leave(refused, new HostGuard.BinaryChange("1.0", "", null, ""));
      return refused;
    }
    ran.add(host.name());
    UpgradeOutcome.Status status = script.getOrDefault(host.name(), UpgradeOutcome.Status.UPGRADED);
    String step = status == UpgradeOutcome.Status.UPGRADED ? null : "verify";
    String reason = step == null ? null : "scripted " + status.name().toLowerCase();
    UpgradeOutcome outcome = new UpgradeOutcome(host.name(), status, step, reason, Duration.ZERO);
    inside.leave(outcome, new HostGuard.BinaryChange("1.0", "", "1.1", ""));
    return outcome;
  }

  @Override
  public Recovered recover(Connector connector, Host host, Optional<String> recordedTarget, StepObserver observer)
      throws InterruptedException {
    return new Recovered(run(connector, host, observer, InsideLock.NOTHING), false);
  }
}
