package dev.fleet.rollout;

import dev.fleet.inventory.Host;
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
  public UpgradeOutcome run(Connector connector, Host host, StepObserver observer) {
    ran.add(host.name());
    UpgradeOutcome.Status status = script.getOrDefault(host.name(), UpgradeOutcome.Status.UPGRADED);
    String step = status == UpgradeOutcome.Status.UPGRADED ? null : "verify";
    String reason = step == null ? null : "scripted " + status.name().toLowerCase();
    return new UpgradeOutcome(host.name(), status, step, reason, Duration.ZERO);
  }

  @Override
  public Recovered recover(Connector connector, Host host, Optional<String> recordedTarget, StepObserver observer) {
    return new Recovered(run(connector, host, observer), false);
  }
}
