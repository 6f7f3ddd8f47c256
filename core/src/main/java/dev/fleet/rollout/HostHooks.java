package dev.fleet.rollout;

import dev.fleet.hooks.HookResult;
import dev.fleet.hooks.Hooks;
import dev.fleet.inventory.Host;
import dev.fleet.nginx.HostGuard;
import dev.fleet.nginx.InsideLock;
import dev.fleet.nginx.UpgradeOutcome;
import java.util.List;
import java.util.Optional;

/**
 * One host's before_host and after_host, run inside its lock: a run the lock refuses never drains
 * the host, so it can never put back a host another controller has drained. after_host runs only
 * once before_host did, whatever happened between; its failure is kept for the run to count.
 */
final class HostHooks implements InsideLock {
  private final Hooks hooks;
  private final Host host;
  private final int batch;
  private final List<Host> batchHosts;
  private final boolean revert;
  private volatile String afterHostFailure;

  HostHooks(Hooks hooks, Host host, int batch, List<Host> batchHosts, boolean revert) {
    this.hooks = hooks;
    this.host = host;
    this.batch = batch;
    this.batchHosts = batchHosts;
    this.revert = revert;
  }

  @Override
  public String step() {
    return "before_host";
  }

  @Override
  public Optional<String> enter() throws InterruptedException {
    HookResult before = hooks.beforeHost(host, batch, batchHosts, revert);
    return before.ok() ? Optional.empty() : Optional.of(before.reason());
  }

  @Override
  public void leave(UpgradeOutcome outcome, HostGuard.BinaryChange change) throws InterruptedException {
    HookResult after =
        hooks.afterHost(host, batch, batchHosts, revert, outcome, orEmpty(change.fromVersion()), orEmpty(change.toVersion()));
    if (!after.ok()) {
      afterHostFailure = after.reason();
    }
  }

  /** Why after_host failed, if it did: the host then counts as failed. */
  Optional<String> afterHostFailure() {
    return Optional.ofNullable(afterHostFailure);
  }

  private static String orEmpty(String text) {
    return text == null ? "" : text;
  }
}
