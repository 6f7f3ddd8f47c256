package dev.fleet.hooks;

import dev.fleet.inventory.Host;
import dev.fleet.inventory.UpgradeHooks;
import dev.fleet.nginx.UpgradeOutcome;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The hooks of one run, at the run engine's seams: the run, each batch, each host. A hook the
 * inventory does not set runs nothing and never fails. Each call tells the observer (the journal,
 * reports) before the command starts and once it ended; a host's hooks are steps of the host.
 */
public final class Hooks {
  private static final Hooks NONE = new Hooks(UpgradeHooks.none(), null, new HookObserver() {});

  private final UpgradeHooks config;
  private final HookRun run;
  private final HookObserver observer;
  private final HookRunner runner;

  public Hooks(UpgradeHooks config, HookRun run, HookObserver observer) {
    this.config = config;
    this.run = run;
    this.observer = observer;
    this.runner =
        run == null ? null : new HookRunner(config.dir(), config.timeout(), new HookTranscript(run.runDir().resolve("transcripts")));
  }

  /** A run without hooks: every call is a success that ran nothing. */
  public static Hooks none() {
    return NONE;
  }

  public boolean sets(String hook) {
    return config.command(hook).isPresent();
  }

  public HookResult beforeRun() throws InterruptedException {
    return run("before_run", null, 0, () -> env("before_run"));
  }

  /** {@code status} as hooks name it (completed, halted...), with fleet's exit code for it. */
  public HookResult afterRun(String status, int exitCode, String summaryFile) throws InterruptedException {
    return run("after_run", null, 0, () -> env("after_run").end(status, exitCode, summaryFile));
  }

  public HookResult beforeBatch(int index, List<Host> hosts) throws InterruptedException {
    return run("before_batch", null, index + 1, () -> env("before_batch").batch(index, run.batches(), hosts));
  }

  /** The batch's gate: its failure is a breach. {@code failures}: the batch's hosts that failed. */
  public HookResult afterBatch(int index, List<Host> hosts, int failures) throws InterruptedException {
    return run("after_batch", null, index + 1, () -> env("after_batch").batch(index, run.batches(), hosts).batchFailures(failures));
  }

  public HookResult beforeHost(Host host, int index, List<Host> batch, boolean revert) throws InterruptedException {
    return run("before_host", host.name(), index + 1, () -> env("before_host").batch(index, run.batches(), batch).host(host, revert));
  }

  public HookResult afterHost(
      Host host, int index, List<Host> batch, boolean revert, UpgradeOutcome outcome, String fromVersion, String toVersion)
      throws InterruptedException {
    return run(
        "after_host",
        host.name(),
        index + 1,
        () -> env("after_host").batch(index, run.batches(), batch).host(host, revert).outcome(outcome, revert, fromVersion, toVersion));
  }

  private HookEnvironment env(String hook) {
    return HookEnvironment.of(hook, run);
  }

  private HookResult run(String hook, String host, int batch, Supplier<HookEnvironment> env) throws InterruptedException {
    Optional<String> command = config.command(hook);
    if (command.isEmpty() || run == null) {
      return HookResult.notSet(hook, host, batch);
    }
    observer.hookStarted(hook, host, batch);
    if (host != null) {
      observer.stepStarted(host, hook);
    }
    HookResult result = runner.run(hook, host, batch, command.get(), env.get().vars());
    if (host != null) {
      if (result.ok()) {
        observer.stepSucceeded(host, hook, result.took());
      } else {
        observer.stepFailed(host, hook, result.reason());
      }
    }
    observer.hookFinished(result);
    return result;
  }

  /** How long a hook may run before it is killed. */
  public Duration timeout() {
    return config.timeout();
  }
}
