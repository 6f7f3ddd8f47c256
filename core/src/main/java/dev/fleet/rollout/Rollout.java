package dev.fleet.rollout;

import dev.fleet.hooks.HookResult;
import dev.fleet.hooks.Hooks;
import dev.fleet.inventory.Host;
import dev.fleet.inventory.RollbackPolicy;
import dev.fleet.nginx.UpgradeOutcome;
import dev.fleet.rollout.RolloutResult.Status;
import dev.fleet.transport.Connector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the upgrade batch by batch, canary first. Within a batch up to {@code parallel} hosts are
 * in flight, each on its own connection and thread, so a slow host holds no other. Once the
 * failure budget is breached no new host starts, hosts in flight finish (each one commits or
 * rolls itself back), and then the rollback policy is applied; hosts not reached stay untouched.
 * While a batch runs, the first hosts of the next one are connected to ({@link WarmConnections}).
 *
 * <p>{@link Hooks} wrap each batch and each host, reverts included: a host whose before_host fails
 * is refused untouched; after_host runs whatever happened once before_host ran, and its failure
 * fails the host; a failed before_batch refuses the batch; a failed after_batch is a breach.
 */
public final class Rollout {
  private final Connector connector;
  private final RolloutPolicy policy;
  private final RolloutListener listener;
  private final HostProcedure procedure;
  private final HostProcedure revert;
  private final Hooks hooks;
  private final AtomicBoolean stopRequested = new AtomicBoolean();
  private volatile java.util.Set<Integer> gatesPassed = java.util.Set.of();

  /**
   * @param procedure what each host gets (the upgrade, or {@code fleet rollback}'s way back)
   * @param revert what the rollback policy does to a host this run already finished
   */
  public Rollout(
      Connector connector, RolloutPolicy policy, RolloutListener listener, HostProcedure procedure, HostProcedure revert) {
    this(connector, policy, listener, procedure, revert, Hooks.none());
  }

  /** @param hooks what {@code upgrade.hooks} runs around each batch and each host */
  public Rollout(
      Connector connector,
      RolloutPolicy policy,
      RolloutListener listener,
      HostProcedure procedure,
      HostProcedure revert,
      Hooks hooks) {
    this.connector = connector;
    this.policy = policy;
    this.listener = listener;
    this.procedure = procedure;
    this.revert = revert;
    this.hooks = hooks;
  }

  /**
   * The batches (from 0) whose gate an earlier controller saw pass. A resumed batch whose hosts
   * all finished but whose gate never did (its controller died in between) is judged again.
   */
  public Rollout gatesPassed(java.util.Set<Integer> batches) {
    this.gatesPassed = java.util.Set.copyOf(batches);
    return this;
  }

  /** Ctrl-C: start no new host; hosts in flight reach a safe state; the run ends paused. */
  public void requestStop() {
    stopRequested.set(true);
  }

  public RolloutResult run(List<List<Host>> batches) throws InterruptedException {
    return run(batches, List.of());
  }

  /**
   * What a resumed run already did, from its journal.
   *
   * @param outcomes hosts whose outcome stands; they count against the budget too
   * @param reverts hosts the rollback policy took back (or tried to): never taken back again
   * @param halt the breach that stopped the run: no new host starts, only the policy is applied
   */
  public record Earlier(List<UpgradeOutcome> outcomes, List<UpgradeOutcome> reverts, Optional<RunRecord.Halt> halt) {
    public Earlier {
      outcomes = List.copyOf(outcomes);
      reverts = List.copyOf(reverts);
    }
  }

  /**
   * Runs the hosts of {@code batches} that have no outcome in {@code earlier} (a resumed run
   * passes what its journal recorded); earlier outcomes count against the budget too.
   */
  public RolloutResult run(List<List<Host>> batches, List<UpgradeOutcome> earlier)
      throws InterruptedException {
    return run(batches, new Earlier(earlier, List.of(), Optional.empty()));
  }

  /** As above; a run resumed after a breach starts no host, and finishes what the policy reverts. */
  public RolloutResult run(List<List<Host>> batches, Earlier earlier) throws InterruptedException {
    try (WarmConnections warm = new WarmConnections(connector, policy.parallel())) {
      if (earlier.halt().isPresent()) {
        return finishHalt(batches, earlier.halt().get(), new RunState(earlier, batches));
      }
      return run(batches, new RunState(earlier, batches), warm);
    }
  }

  private RolloutResult finishHalt(List<List<Host>> batches, RunRecord.Halt halt, RunState state)
      throws InterruptedException {
    long started = System.nanoTime();
    listener.halted(halt.reason());
    if (!batches.isEmpty()) {
      revertPerPolicy(batches, Math.min(halt.batch(), batches.size() - 1), state);
    }
    Status status = state.needsAttention() ? Status.NEEDS_ATTENTION : Status.HALTED;
    return state.result(status, later(batches, 0), started);
  }

  private RolloutResult run(List<List<Host>> batches, RunState state, WarmConnections warm)
      throws InterruptedException {
    long started = System.nanoTime();
    for (int i = 0; i < batches.size(); i++) {
      List<Host> todo = state.notYetRun(batches.get(i));
      boolean onlyTheGate = todo.isEmpty();
      if (onlyTheGate && (gatesPassed.contains(i) || !hooks.sets("after_batch"))) {
        continue;
      }
      if (stopRequested.get()) {
        return state.result(Status.PAUSED, later(batches, i), started);
      }
      if (onlyTheGate) {
        gate(i, batches.get(i), state);
      } else {
        listener.batchStarted(i, batches.size(), todo);
        warmNext(batches, i, todo, state, warm);
        runBatch(i, batches.get(i), todo, state, warm);
      }
      if (state.needsAttention()) {
        revertPerPolicy(batches, i, state);
        return state.result(Status.NEEDS_ATTENTION, later(batches, i + 1), started);
      }
      if (state.halted()) {
        listener.halted(state.haltReason());
        revertPerPolicy(batches, i, state);
        Status status = state.needsAttention() ? Status.NEEDS_ATTENTION : Status.HALTED;
        return state.result(status, later(batches, i + 1), started);
      }
      if (stopRequested.get()) {
        return state.result(Status.PAUSED, later(batches, i + 1), started);
      }
      boolean last = i == batches.size() - 1;
      if (onlyTheGate) {
        continue; // the batch was run, and paused after, by the controller this run resumes
      }
      if (!last && policy.manualPause()) {
        listener.pausing("manual gate after batch " + (i + 1) + "; continue with `fleet resume`");
        return state.result(Status.PAUSED, later(batches, i + 1), started);
      }
      if (!last && !policy.pause().isZero()) {
        listener.pausing("waiting " + policy.pause() + " before batch " + (i + 2));
        pause(policy.pause());
      }
    }
    Status status = state.allSucceeded() ? Status.COMPLETED : Status.COMPLETED_WITH_FAILURES;
    return state.result(status, List.of(), started);
  }

  /**
   * While batch {@code i} runs, once its hosts ({@code todo}) have connected, connects to the
   * hosts the next batch starts with, when it follows at once (no pause, no manual gate); at most
   * {@code parallel} of them.
   */
  private void warmNext(List<List<Host>> batches, int i, List<Host> todo, RunState state, WarmConnections warm) {
    if (i + 1 >= batches.size() || policy.manualPause() || !policy.pause().isZero()) {
      return;
    }
    List<Host> next = state.notYetRun(batches.get(i + 1));
    warm.warmAfter(todo, next.subList(0, Math.min(next.size(), policy.parallel())));
  }

  /**
   * Runs {@code hosts} (those of batch {@code index} not yet run) between its before_batch and its
   * after_batch, the gate: a gate that fails is a breach of its own.
   */
  private void runBatch(int index, List<Host> batch, List<Host> hosts, RunState state, Connector connections)
      throws InterruptedException {
    HookResult before = hooks.beforeBatch(index, batch);
    if (before.ok()) {
      runHosts(index, batch, hosts, state, connections);
    } else {
      for (Host host : hosts) {
        listener.hostStarted(host);
        UpgradeOutcome refused = refused(host, "before_batch", before.reason(), Duration.ZERO);
        state.record(host, refused, policy.budget());
        listener.hostFinished(host, refused);
      }
    }
    gate(index, batch, state);
  }

  /** after_batch: a gate that fails is a breach of its own. */
  private void gate(int index, List<Host> batch, RunState state) throws InterruptedException {
    HookResult gate = hooks.afterBatch(index, batch, state.failuresAmong(batch));
    if (!gate.ok()) {
      state.breach("batch " + (index + 1) + " failed its gate: " + gate.reason());
    }
  }

  private void runHosts(int index, List<Host> batch, List<Host> hosts, RunState state, Connector connections)
      throws InterruptedException {
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(1, Math.min(policy.parallel(), hosts.size())),
            task -> {
              Thread thread = new Thread(task, "fleet-host");
              thread.setDaemon(true);
              return thread;
            });
    try {
      for (Host host : hosts) {
        pool.execute(
            () -> {
              if (state.halted() || state.needsAttention() || stopRequested.get()) {
                state.skip(host);
                return;
              }
              listener.hostStarted(host);
              UpgradeOutcome outcome = hooked(procedure, connections, host, index, batch, false);
              state.record(host, outcome, policy.budget());
              listener.hostFinished(host, outcome);
            });
      }
    } finally {
      pool.shutdown();
      while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
        // Hosts in flight always run to a safe state; there is no deadline to abandon them at.
      }
    }
  }

  /**
   * {@code procedure} on {@code host} between its before_host and after_host, both run while the
   * host's lock is held ({@link HostHooks}): a failed before_host refuses the host before anything
   * on it is touched; after_host runs whatever happened, and its failure fails the host.
   * {@code revert}: the rollback policy is taking the host back, which drains it like any other
   * change of binary.
   */
  private UpgradeOutcome hooked(
      HostProcedure procedure, Connector connections, Host host, int index, List<Host> batch, boolean revert) {
    long started = System.nanoTime();
    try {
      HostHooks inside = new HostHooks(hooks, host, index, batch, revert);
      UpgradeOutcome outcome = procedure.run(connections, host, listener, inside);
      return inside.afterHostFailure().map(reason -> outcome.withHookFailure("after_host", reason)).orElse(outcome);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new UpgradeOutcome(
          host.name(), UpgradeOutcome.Status.NEEDS_ATTENTION, null, "interrupted", since(started));
    }
  }


  private static UpgradeOutcome refused(Host host, String hook, String reason, Duration took) {
    return new UpgradeOutcome(host.name(), UpgradeOutcome.Status.REFUSED, hook, reason, took);
  }

  /** {@code batch}: every host of the batch this run upgraded; {@code all}: every one; newest first. */
  private void revertPerPolicy(List<List<Host>> batches, int current, RunState state) throws InterruptedException {
    if (policy.rollback() == RollbackPolicy.HOST) {
      return; // failed hosts were already restored by the engine
    }
    List<Host> targets = state.upgradedNewestFirst();
    if (policy.rollback() == RollbackPolicy.BATCH) {
      targets = targets.stream().filter(batches.get(current)::contains).toList();
    }
    for (Host host : targets) {
      listener.revertStarted(host);
      int index = batchOf(batches, host);
      UpgradeOutcome outcome = hooked(revert, connector, host, index, batches.get(index), true);
      state.recordRevert(outcome);
      listener.revertFinished(host, outcome);
    }
  }

  private void pause(Duration pause) throws InterruptedException {
    long end = System.nanoTime() + pause.toNanos();
    while (!stopRequested.get() && System.nanoTime() < end) {
      Thread.sleep(Math.min(200, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
    }
  }

  /** The batch (from 0) {@code host} is in. */
  static int batchOf(List<List<Host>> batches, Host host) {
    for (int i = 0; i < batches.size(); i++) {
      if (batches.get(i).contains(host)) {
        return i;
      }
    }
    throw new IllegalStateException(host.name() + " is in no batch of the run");
  }

  private static List<Host> later(List<List<Host>> batches, int from) {
    List<Host> hosts = new ArrayList<>();
    batches.subList(Math.min(from, batches.size()), batches.size()).forEach(hosts::addAll);
    return hosts;
  }

  private static Duration since(long started) {
    return Duration.ofNanos(System.nanoTime() - started);
  }

  /** What the run has seen so far; hosts report into it from several threads. */
  private static final class RunState {
    private final List<UpgradeOutcome> outcomes;
    private final List<Host> upgraded = new ArrayList<>();
    private final List<UpgradeOutcome> reverted = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();
    private final List<Host> canary;
    private int failures;
    private int canaryFailures;
    private String haltReason;
    private boolean attention;

    RunState(Earlier earlier, List<List<Host>> batches) {
      this.outcomes = new ArrayList<>();
      this.canary = batches.isEmpty() ? List.of() : batches.get(0);
      for (UpgradeOutcome o : earlier.outcomes()) {
        batches.stream()
            .flatMap(List::stream)
            .filter(h -> h.name().equals(o.host()))
            .findFirst()
            .ifPresent(h -> record(h, o, FailureBudget.NONE_CHECKED));
      }
      for (UpgradeOutcome o : earlier.reverts()) {
        recordRevert(o);
        // Reverted, or tried: a second revert would put back the binary the first one left.
        upgraded.removeIf(h -> h.name().equals(o.host()));
      }
      // An earlier run's failures count; a breach it recorded stands (see finishHalt).
      haltReason = earlier.halt().map(RunRecord.Halt::reason).orElse(null);
    }

    synchronized List<Host> notYetRun(List<Host> batch) {
      return batch.stream()
          .filter(h -> outcomes.stream().noneMatch(o -> o.host().equals(h.name())))
          .toList();
    }

    synchronized void record(Host host, UpgradeOutcome outcome, FailureBudget budget) {
      outcomes.add(outcome);
      if (outcome.status() == UpgradeOutcome.Status.UPGRADED) {
        upgraded.add(host);
      }
      if (outcome.status() == UpgradeOutcome.Status.NEEDS_ATTENTION) {
        attention = true;
      }
      if (!outcome.succeeded()) {
        failures++;
        canaryFailures += canary.contains(host) ? 1 : 0;
        if (haltReason == null) {
          haltReason = budget.haltReason(failures, canaryFailures, host.name()).orElse(null);
        }
      }
    }

    synchronized void recordRevert(UpgradeOutcome outcome) {
      reverted.add(outcome);
      // A revert refused by its before_host, or whose after_host failed, left what the policy
      // wanted undone: a person has to look.
      attention |= outcome.status() != UpgradeOutcome.Status.UPGRADED || outcome.hookFailed();
    }

    /** A breach that is no host's failure: a batch's gate said no. */
    synchronized void breach(String reason) {
      if (haltReason == null) {
        haltReason = reason;
      }
    }

    synchronized int failuresAmong(List<Host> batch) {
      return (int)
          outcomes.stream()
              .filter(o -> !o.succeeded())
              .filter(o -> batch.stream().anyMatch(h -> h.name().equals(o.host())))
              .count();
    }

    synchronized void skip(Host host) {
      skipped.add(host.name());
    }

    synchronized boolean halted() {
      return haltReason != null;
    }

    synchronized String haltReason() {
      return haltReason;
    }

    synchronized boolean needsAttention() {
      return attention;
    }

    synchronized boolean allSucceeded() {
      return outcomes.stream().allMatch(UpgradeOutcome::succeeded);
    }

    synchronized List<Host> upgradedNewestFirst() {
      List<Host> newestFirst = new ArrayList<>(upgraded);
      Collections.reverse(newestFirst);
      return newestFirst;
    }

    synchronized RolloutResult result(Status status, List<Host> later, long started) {
      List<String> notReached = new ArrayList<>(skipped);
      later.stream()
          .map(Host::name)
          .filter(n -> !notReached.contains(n))
          .filter(n -> outcomes.stream().noneMatch(o -> o.host().equals(n)))
          .forEach(notReached::add);
      return new RolloutResult(status, outcomes, reverted, notReached, since(started));
    }
  }
}
