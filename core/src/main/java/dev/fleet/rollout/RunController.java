package dev.fleet.rollout;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleet.hooks.HookResult;
import dev.fleet.hooks.HookRun;
import dev.fleet.hooks.Hooks;
import dev.fleet.inventory.Host;
import dev.fleet.inventory.HostSelector;
import dev.fleet.inventory.Inventory;
import dev.fleet.inventory.InventoryException;
import dev.fleet.inventory.InventoryLoader;
import dev.fleet.inventory.RollbackPolicy;
import dev.fleet.inventory.UpgradeHooks;
import dev.fleet.inventory.UpgradeOverrides;
import dev.fleet.inventory.UpgradeSetting;
import dev.fleet.nginx.UpgradeOutcome;
import dev.fleet.nginx.lock.HostLock;
import dev.fleet.nginx.step.NewBinary;
import dev.fleet.transport.Connector;
import dev.fleet.transport.TranscriptConnector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A whole run around a {@link Rollout}: takes the inventory's lock, records the run's start and
 * every transition in its journal, and releases the lock at the end. {@link #resume} continues
 * a paused run, or one whose controller died, from its journal and the hosts' real state.
 */
public final class RunController {
  private static final com.fasterxml.jackson.core.type.TypeReference<java.util.Map<String, String>> STRINGS =
      new com.fasterxml.jackson.core.type.TypeReference<>() {};


  /** What to run: the inventory, the flags that override it, and the hosts to select. */
  public record Request(Path inventoryFile, UpgradeOverrides overrides, String limit, boolean breakLock) {}

  /**
   * What to roll back: the selected hosts, or with {@code sourceRun} those of them that run
   * upgraded (and did not revert), newest first.
   */
  public record RollbackRequest(
      Path inventoryFile, UpgradeOverrides overrides, String limit, Optional<String> sourceRun, boolean breakLock) {}

  /** The run's id and directory, with how its rollout ended. */
  public record Outcome(String runId, Path runDir, RolloutResult result) {}

  /** Called once the run is planned, before any host is touched; false declines the run. */
  public interface PlanListener {
    boolean planned(RunPlan plan);

    /** Whether {@link #planned} asks an operator: then no host is connected to before the answer. */
    default boolean asksFirst() {
      return false;
    }
  }

  /** The operator declined the plan: nothing was touched. */
  public static final class DeclinedException extends Exception {
    public DeclinedException() {
      super("the plan was not confirmed; no host was touched");
    }
  }

  private final Connector connector;
  private final RolloutListener reporters;
  private final Optional<Path> stateDir;
  private volatile Rollout current;
  private volatile boolean stopRequested;
  /** Connects ahead are asynchronous: only this tells a test that none was ever started. */
  private volatile List<String> connectedAhead = List.of();

  public RunController(Connector connector, RolloutListener reporters) {
    this(connector, reporters, Optional.empty());
  }

  /** {@code stateDir}: where the lock and runs live, instead of .fleet beside the inventory. */
  public RunController(Connector connector, RolloutListener reporters, Optional<Path> stateDir) {
    this.connector = connector;
    this.reporters = reporters;
    this.stateDir = stateDir;
  }

  private RunDirectory dirsFor(Path inventoryFile) {
    return stateDir.map(RunDirectory::new).orElseGet(() -> RunDirectory.beside(inventoryFile));
  }

  /** Ctrl-C: no new host starts; hosts in flight reach a safe state; the run ends paused. */
  public void requestStop() {
    stopRequested = true;
    Rollout rollout = current;
    if (rollout != null) {
      rollout.requestStop();
    }
  }

  public Outcome upgrade(Request request, PlanListener plan)
      throws InventoryException, IOException, RunLock.HeldException, InterruptedException, DeclinedException {
    Inventory inventory = InventoryLoader.standard().load(request.inventoryFile(), request.overrides());
    List<Host> hosts = HostSelector.select(inventory, request.limit());
    List<List<Host>> batches = BatchPlan.split(hosts, inventory.upgrade().batchSizes());
    RolloutPolicy policy = RolloutPolicy.from(inventory.upgrade(), batches);
    // Hashing the binary reads all of it: it overlaps taking the lock.
    CompletableFuture<NewBinary> hashed = hash(inventory);
    ObjectNode entry = startEntry(HostProcedure.Kind.UPGRADE, request.inventoryFile(), request.limit(), request.overrides(), batches);
    return start(request.inventoryFile(), request.breakLock(), batches, policy, inventory.upgrade().hooks(), entry, plan, () -> {
      NewBinary binary = hashed(hashed);
      if (binary.pulled()) {
        entry.put("binaryUrl", binary.url().toString());
      } else {
        entry.put("binary", binary.file().toAbsolutePath().toString());
      }
      entry.put("sha256", binary.sha256());
      return binary;
    });
  }

  /**
   * {@code fleet rollback}: each selected host goes back to its kept backup binary by the same
   * engine as an upgrade (batches, parallelism, budget, journal, pause and resume). Its batches
   * are one batch of every host unless {@code --batches} says otherwise: an operator rolling
   * back wants it done, and there is no canary to learn from. A breach stops new hosts but never
   * takes finished hosts back to the binary being fled.
   */
  public Outcome rollback(RollbackRequest request, PlanListener plan)
      throws InventoryException, IOException, RunLock.HeldException, InterruptedException, DeclinedException,
          NotResumableException {
    Inventory inventory = InventoryLoader.standard().loadForInspection(request.inventoryFile(), request.overrides());
    List<Host> hosts = HostSelector.select(inventory, request.limit());
    if (request.sourceRun().isPresent()) {
      hosts = upgradedBy(dirsFor(request.inventoryFile()), request.sourceRun().get(), hosts);
    }
    List<List<Host>> batches = rollbackBatches(hosts, inventory, request.overrides());
    RolloutPolicy policy = rollbackPolicy(inventory, batches);
    ObjectNode entry = startEntry(HostProcedure.Kind.ROLLBACK, request.inventoryFile(), request.limit(), request.overrides(), batches);
    request.sourceRun().ifPresent(id -> entry.put("sourceRun", id));
    return start(request.inventoryFile(), request.breakLock(), batches, policy, inventory.upgrade().hooks(), entry, plan, () -> null);
  }

  private static List<List<Host>> rollbackBatches(List<Host> hosts, Inventory inventory, UpgradeOverrides overrides) {
    return overrides.text(UpgradeSetting.BATCHES).isEmpty()
        ? (hosts.isEmpty() ? List.of() : List.of(hosts))
        : BatchPlan.split(hosts, inventory.upgrade().batchSizes());
  }

  private static RolloutPolicy rollbackPolicy(Inventory inventory, List<List<Host>> batches) {
    return RolloutPolicy.from(inventory.upgrade(), batches).withRollback(RollbackPolicy.HOST);
  }

  /** The hosts {@code runId} upgraded and did not revert, newest first, among {@code selected}. */
  private static List<Host> upgradedBy(RunDirectory dirs, String runId, List<Host> selected)
      throws IOException, NotResumableException {
    Path journal = dirs.journal(runId);
    if (!Files.exists(journal)) {
      throw new NotResumableException("no run " + runId + " in " + dirs.stateDir().resolve("runs"));
    }
    List<String> names = RunRecord.read(journal).upgradedNewestFirst();
    return names.stream().flatMap(n -> selected.stream().filter(h -> h.name().equals(n))).toList();
  }

  /** Gives the run its binary once the lock is held: hashing overlaps the first connects. */
  private interface BinarySource {
    NewBinary get() throws IOException, InterruptedException;
  }

  /** The one way a run starts, whatever its procedure: lock, journal, plan, rollout. */
  private Outcome start(
      Path inventoryFile,
      boolean breakLock,
      List<List<Host>> batches,
      RolloutPolicy policy,
      UpgradeHooks hooks,
      ObjectNode entry,
      PlanListener plan,
      BinarySource source)
      throws IOException, RunLock.HeldException, InterruptedException, DeclinedException {
    RunDirectory dirs = dirsFor(inventoryFile);
    String runId = RunDirectory.newRunId();
    entry.put("run", runId);
    int early = plan.asksFirst() ? 0 : connectAhead(batches, policy);
    try (RunLock lock = RunLock.acquire(dirs.stateDir(), runId, breakLock);
        WarmConnections ahead = new WarmConnections(connector, early)) {
      // Once the lock is ours, the first hosts' connects overlap hashing the binary and opening
      // the journal; not while an operator is asked, who may decline: then nothing is touched.
      if (early > 0) {
        List<Host> first = batches.get(0).subList(0, early);
        ahead.warm(first);
        connectedAhead = first.stream().map(Host::name).toList();
      }
      NewBinary binary = source.get();
      HostLock.Owner owner = Controller.owner(runId);
      entry.put("controller", owner.controller());
      HostProcedure procedure = procedure(HostProcedure.Kind.valueOf(entry.path("procedure").asText()), binary, policy, owner);
      try (RunJournal journal = RunJournal.openForAppend(dirs.journal(runId))) {
        journal.append(entry);
        RunPlan planned =
            new RunPlan(runId, dirs.run(runId), procedure.kind(), batches, Optional.ofNullable(binary), policy, hooks);
        if (!plan.planned(planned)) {
          journal.append(RunJournal.entry("run-declined"));
          throw new DeclinedException();
        }
        JournalListener journaling = journaling(journal);
        Hooks hooked = hooksFor(planned, inventoryFile, false, listening(journaling));
        return drive(
            planned, procedure, owner, journaling, hooked, new Rollout.Earlier(List.of(), List.of(), Optional.empty()), java.util.Set.of(), ahead);
      }
    }
  }

  private static HostProcedure procedure(
      HostProcedure.Kind kind, NewBinary binary, RolloutPolicy policy, HostLock.Owner owner) {
    return kind == HostProcedure.Kind.UPGRADE
        ? HostProcedure.upgrade(binary, policy.timeouts(), owner)
        : HostProcedure.rollback(policy.timeouts(), owner);
  }

  /**
   * Runs {@code plan}'s rollout with the journal hearing every event first, between its
   * before_run and after_run hooks. A failed before_run halts the run before any host is touched;
   * after_run runs however the run ended (paused and halted included) and its failure is only
   * reported. A journal that could not be written ends the run as needing attention, with why: a
   * run that cannot remember what it did cannot be resumed.
   */
  private Outcome drive(
      RunPlan plan,
      HostProcedure procedure,
      HostLock.Owner owner,
      JournalListener journaling,
      Hooks hooks,
      Rollout.Earlier earlier,
      java.util.Set<Integer> gatesPassed,
      Connector through)
      throws InterruptedException {
    RolloutListener listener = listening(journaling);
    RolloutResult result;
    HookResult before = hooks.beforeRun();
    if (before.ok()) {
      HostProcedure revert = HostProcedure.rollback(plan.policy().timeouts(), owner);
      Rollout rollout =
          new Rollout(transcribed(plan.runDir(), through), plan.policy(), listener, procedure, revert, hooks)
              .gatesPassed(gatesPassed);
      current = rollout;
      if (stopRequested) {
        rollout.requestStop();
      }
      result = rollout.run(plan.batches(), earlier);
    } else {
      listener.halted(before.reason() + "; no host was touched");
      result = notStarted(plan, earlier.outcomes());
    }
    if (journaling.failure().isPresent()) {
      listener.halted("the run journal could not be written: " + journaling.failure().get().getMessage());
      result = result.withStatus(RolloutResult.Status.NEEDS_ATTENTION);
    }
    if (hooks.sets("after_run")) {
      String status = dev.fleet.hooks.HookEnvironment.words(result.status().name());
      int exitCode = RunSummary.exitCode(result.status());
      hooks.afterRun(status, exitCode, RunSummary.write(plan, result, status, exitCode).toString());
    }
    listener.rolloutFinished(result);
    return new Outcome(plan.runId(), plan.runDir(), result);
  }

  /** A run whose before_run failed: halted, every host it had not finished left as it was. */
  private static RolloutResult notStarted(RunPlan plan, List<UpgradeOutcome> earlier) {
    List<String> untouched =
        plan.batches().stream()
            .flatMap(List::stream)
            .map(Host::name)
            .filter(n -> earlier.stream().noneMatch(o -> o.host().equals(n)))
            .toList();
    return new RolloutResult(RolloutResult.Status.HALTED, earlier, List.of(), untouched, Duration.ZERO);
  }

  private static Hooks hooksFor(RunPlan plan, Path inventoryFile, boolean resumed, RolloutListener listener) {
    if (plan.hooks().commands().isEmpty()) {
      return Hooks.none();
    }
    String kind = plan.kind().name().toLowerCase(java.util.Locale.ROOT);
    HookRun run = new HookRun(plan.runId(), inventoryFile, kind, plan.batches().size(), resumed, plan.runDir());
    return new Hooks(plan.hooks(), run, listener);
  }

  /**
   * How many of the first batch's hosts are connected to before it starts: a connect is mostly
   * CPU (the key exchange), so more than one per core would only queue, and each would hold a
   * thread beside the batch's own (a 100-host first batch had 222 threads instead of 122). A
   * canary is one host.
   */
  private static int connectAhead(List<List<Host>> batches, RolloutPolicy policy) {
    return batches.isEmpty()
        ? 0
        : connectAhead(batches.get(0).size(), policy.parallel(), Runtime.getRuntime().availableProcessors());
  }

  /** The hosts the last {@link #upgrade} started connecting to before its plan was reported. */
  List<String> connectedAhead() {
    return connectedAhead;
  }

  static int connectAhead(int firstBatch, int parallel, int cores) {
    return Math.min(firstBatch, Math.min(parallel, cores));
  }

  /** A URL is not read here: the hosts download it and check the pinned sha256. */
  private static CompletableFuture<NewBinary> hash(Inventory inventory) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return NewBinary.of(inventory.upgrade());
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  private static NewBinary hashed(CompletableFuture<NewBinary> hashing) throws IOException, InterruptedException {
    try {
      return hashing.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UncheckedIOException io) {
        throw io.getCause();
      }
      throw new IllegalStateException("hashing the binary failed", e.getCause());
    }
  }

  /** Continues {@code runId}, or the newest run of the inventory, if it did not end. */
  public Outcome resume(Path inventoryFile, Optional<String> runId, boolean breakLock, PlanListener plan)
      throws InventoryException, IOException, RunLock.HeldException, InterruptedException, NotResumableException {
    RunDirectory dirs = dirsFor(inventoryFile);
    String id = runId.isPresent() ? runId.get() : dirs.latestRun().orElseThrow(
        () -> new NotResumableException("no run of " + inventoryFile + " to resume in " + dirs.stateDir()));
    try (RunLock lock = RunLock.acquire(dirs.stateDir(), id, breakLock)) {
      RunRecord record = RunRecord.read(dirs.journal(id));
      if (!record.resumable()) {
        throw new NotResumableException("run " + id + " already ended " + record.endStatus().get().toLowerCase());
      }
      HostProcedure.Kind kind = record.kind();
      UpgradeOverrides overrides = UpgradeOverrides.fromKeys(RunJournal.JSON.convertValue(record.start().path("overrides"), STRINGS));
      Inventory inventory =
          kind == HostProcedure.Kind.UPGRADE
              ? InventoryLoader.standard().load(inventoryFile, overrides)
              : InventoryLoader.standard().loadForInspection(inventoryFile, overrides);
      NewBinary binary = kind == HostProcedure.Kind.UPGRADE ? sameBinary(id, record, inventory) : null;
      List<List<Host>> batches = hostsOf(record.batches(), inventory);
      RolloutPolicy policy =
          kind == HostProcedure.Kind.UPGRADE
              ? RolloutPolicy.from(inventory.upgrade(), batches)
              : rollbackPolicy(inventory, batches);
      // The same run id: its own host locks, left by a controller that died, are taken over.
      HostLock.Owner owner = Controller.owner(id);
      HostProcedure procedure = procedure(kind, binary, policy, owner);
      try (RunJournal journal = RunJournal.openForAppend(dirs.journal(id))) {
        journal.append(RunJournal.entry("run-resumed").put("controller", owner.controller()));
        RunPlan planned =
            new RunPlan(id, dirs.run(id), kind, batches, Optional.ofNullable(binary), policy, inventory.upgrade().hooks());
        plan.planned(planned);
        List<UpgradeOutcome> earlier = new ArrayList<>(record.settled());
        JournalListener journaling = journaling(journal);
        RolloutListener listener = listening(journaling);
        Hooks hooks = hooksFor(planned, inventoryFile, true, listener);
        for (Host host : byName(batches, record.toRecover())) {
          recoverInFlight(procedure, host, record.target(host.name()), listener, dirs.run(id)).ifPresent(earlier::add);
        }
        HostProcedure revert = HostProcedure.rollback(policy.timeouts(), owner);
        List<UpgradeOutcome> reverts = new ArrayList<>(record.revertsDone());
        for (Host host : byName(batches, record.revertsToRecover())) {
          reverts.add(finishRevert(revert, host, record.revertTarget(host.name()), listener, dirs.run(id)));
        }
        // Safe now: a host the dead controller drained (before_host) goes back (after_host).
        for (Host host : byName(batches, record.awaitingAfterHost())) {
          afterHostLeftOver(hooks, host, batches, earlier, listener);
        }
        return drive(
            planned, procedure, owner, journaling, hooks, new Rollout.Earlier(earlier, reverts, record.halt()), record.gatesPassed(), connector);
      }
    }
  }

  /** The journal; if it cannot record, no new host starts (see {@link #drive}). */
  private JournalListener journaling(RunJournal journal) {
    return new JournalListener(journal, this::requestStop);
  }

  /** The journal hears each event before the reporters. */
  private RolloutListener listening(JournalListener journaling) {
    return new SafeListener(List.of(journaling, reporters));
  }

  /** An upgrade resumes only with the very binary it started installing. */
  private static NewBinary sameBinary(String id, RunRecord record, Inventory inventory)
      throws IOException, NotResumableException {
    NewBinary binary = NewBinary.of(inventory.upgrade());
    String recorded = record.start().path("sha256").asText();
    if (!binary.sha256().equals(recorded)) {
      throw new NotResumableException(
          "run " + id + " installed sha256 " + recorded + " but " + binary.source() + " now has "
              + (binary.pulled() ? "upgrade.sha256 " : "") + binary.sha256());
    }
    return binary;
  }

  /**
   * Brings a host the dead controller left half-way to a safe state. A host that never had a new
   * master up is only put back as it was, and returns empty: the resumed run runs the procedure
   * on it again, since no check ever failed on it.
   */
  private Optional<UpgradeOutcome> recoverInFlight(
      HostProcedure procedure, Host host, Optional<String> target, RolloutListener listener, Path runDir)
      throws InterruptedException {
    listener.hostStarted(host);
    HostProcedure.Recovered recovered = procedure.recover(transcribed(runDir), host, target, listener);
    if (recovered.untouched()) {
      return Optional.empty();
    }
    listener.hostFinished(host, recovered.outcome());
    return Optional.of(recovered.outcome());
  }

  /**
   * Finishes the rollback policy's revert of a host that it did not complete (cut off, or its
   * controller died): recovered from what the host shows, or run again where it never had a new
   * master up.
   */
  private UpgradeOutcome finishRevert(
      HostProcedure revert, Host host, Optional<String> target, RolloutListener listener, Path runDir)
      throws InterruptedException {
    listener.revertStarted(host);
    HostProcedure.Recovered recovered = revert.recover(transcribed(runDir), host, target, listener);
    UpgradeOutcome outcome = recovered.untouched() ? revert.run(transcribed(runDir), host, listener) : recovered.outcome();
    listener.revertFinished(host, outcome);
    return outcome;
  }

  /**
   * The after_host a dead controller owed {@code host}, now that it is safe. It is told the host's
   * outcome if it has one; a host that was put back as it was (and runs the procedure again)
   * is rolled-back. A failure fails the host, which then is not run again.
   */
  private static void afterHostLeftOver(
      Hooks hooks, Host host, List<List<Host>> batches, List<UpgradeOutcome> earlier, RolloutListener listener)
      throws InterruptedException {
    Optional<UpgradeOutcome> known = earlier.stream().filter(o -> o.host().equals(host.name())).findFirst();
    UpgradeOutcome shown =
        known.orElse(
            new UpgradeOutcome(
                host.name(),
                UpgradeOutcome.Status.ROLLED_BACK,
                null,
                "its controller died; the host was put back as it was",
                Duration.ZERO));
    int index = Rollout.batchOf(batches, host);
    HookResult after = hooks.afterHost(host, index, batches.get(index), false, shown, "", "");
    if (!after.ok()) {
      UpgradeOutcome failed = shown.withHookFailure("after_host", after.reason());
      known.ifPresent(earlier::remove);
      earlier.add(failed);
      listener.hostFinished(host, failed);
    }
  }

  /** The run cannot be resumed, and why. */
  public static final class NotResumableException extends Exception {
    public NotResumableException(String message) {
      super(message);
    }
  }

  /** Every remote command of the run is kept per host under RUN/transcripts. */
  private Connector transcribed(Path runDir) {
    return transcribed(runDir, connector);
  }

  private static Connector transcribed(Path runDir, Connector through) {
    return new TranscriptConnector(through, runDir.resolve("transcripts"));
  }

  private static ObjectNode startEntry(
      HostProcedure.Kind kind, Path inventoryFile, String limit, UpgradeOverrides overrides, List<List<Host>> batches) {
    ObjectNode entry = RunJournal.entry("run-started");
    entry.put("procedure", kind.name());
    entry.put("inventory", inventoryFile.toAbsolutePath().toString());
    entry.put("limit", limit);
    entry.set("overrides", RunJournal.JSON.valueToTree(overrides.byKey()));
    ArrayNode plan = entry.putArray("batches");
    for (List<Host> batch : batches) {
      ArrayNode names = plan.addArray();
      batch.forEach(h -> names.add(h.name()));
    }
    return entry;
  }

  private static List<List<Host>> hostsOf(List<List<String>> names, Inventory inventory)
      throws NotResumableException {
    Map<String, Host> byName = inventory.hosts().stream().collect(Collectors.toMap(Host::name, Function.identity()));
    List<List<Host>> batches = new ArrayList<>();
    for (List<String> batch : names) {
      List<Host> hosts = new ArrayList<>();
      for (String name : batch) {
        Host host = byName.get(name);
        if (host == null) {
          throw new NotResumableException("host " + name + " of the run is no longer in the inventory");
        }
        hosts.add(host);
      }
      batches.add(hosts);
    }
    return batches;
  }

  private static List<Host> byName(List<List<Host>> batches, java.util.Set<String> names) {
    return batches.stream().flatMap(List::stream).filter(h -> names.contains(h.name())).toList();
  }
}
