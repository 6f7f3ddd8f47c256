package dev.fleet.rollout;

import dev.fleet.inventory.Host;
import dev.fleet.nginx.UpgradeOutcome;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Fans events out to listeners and swallows what they throw: a broken report must never break a
 * rollout half-way through a host. The failure is written to stderr once per listener.
 */
public final class SafeListener implements RolloutListener {
  private final List<RolloutListener> listeners;
  private final java.util.Set<RolloutListener> complained =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  public SafeListener(List<RolloutListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  private void each(Consumer<RolloutListener> event) {
    for (RolloutListener listener : listeners) {
      try {
        event.accept(listener);
      } catch (RuntimeException e) {
        if (complained.add(listener)) {
          System.err.println("fleet: a reporter failed and is ignored from now on: " + e);
        }
      }
    }
  }

  @Override
  public void batchStarted(int index, int batches, List<Host> hosts) {
    each(l -> l.batchStarted(index, batches, hosts));
  }

  @Override
  public void halted(String reason) {
    each(l -> l.halted(reason));
  }

  @Override
  public void revertStarted(Host host) {
    each(l -> l.revertStarted(host));
  }

  @Override
  public void revertFinished(Host host, UpgradeOutcome outcome) {
    each(l -> l.revertFinished(host, outcome));
  }

  @Override
  public void pausing(String why) {
    each(l -> l.pausing(why));
  }

  @Override
  public void hostStarted(Host host) {
    each(l -> l.hostStarted(host));
  }

  @Override
  public void hostFinished(Host host, UpgradeOutcome outcome) {
    each(l -> l.hostFinished(host, outcome));
  }

  @Override
  public void rolloutFinished(RolloutResult result) {
    each(l -> l.rolloutFinished(result));
  }

  @Override
  public void stepStarted(String host, String step) {
    each(l -> l.stepStarted(host, step));
  }

  @Override
  public void stepSucceeded(String host, String step, Duration took) {
    each(l -> l.stepSucceeded(host, step, took));
  }

  @Override
  public void stepFailed(String host, String step, String reason) {
    each(l -> l.stepFailed(host, step, reason));
  }

  @Override
  public void undoStarted(String host, String step) {
    each(l -> l.undoStarted(host, step));
  }

  @Override
  public void undoFailed(String host, String step, String reason) {
    each(l -> l.undoFailed(host, step, reason));
  }

  @Override
  public void binaryChange(String host, String fromVersion, String fromSha256, String toVersion, String toSha256) {
    each(l -> l.binaryChange(host, fromVersion, fromSha256, toVersion, toSha256));
  }

  @Override
  public void hookStarted(String hook, String host, int batch) {
    each(l -> l.hookStarted(hook, host, batch));
  }

  @Override
  public void hookFinished(dev.fleet.hooks.HookResult result) {
    each(l -> l.hookFinished(result));
  }

  @Override
  public void stateObserved(String host, dev.fleet.nginx.probe.HostState state, String evidence) {
    each(l -> l.stateObserved(host, state, evidence));
  }
}
