package dev.fleet.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleet.inventory.Host;
import dev.fleet.inventory.HostSelector;
import dev.fleet.inventory.Inventory;
import dev.fleet.inventory.InventoryException;
import dev.fleet.inventory.InventoryLoader;
import dev.fleet.inventory.UpgradeOverrides;
import dev.fleet.nginx.HostRecovery;
import dev.fleet.nginx.HostState;
import dev.fleet.nginx.NewBinary;
import dev.fleet.nginx.UpgradeOutcome;
import dev.fleet.transport.Connector;
import dev.fleet.transport.TranscriptConnector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
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

  /** What to run: the inventory, the flags that override it, and the hosts to select. */
  public record Request(Path inventoryFile, UpgradeOverrides overrides, String limit, boolean breakLock) {}

  /** The run's id and directory, with how its rollout ended. */
  public record Outcome(String runId, Path runDir, RolloutResult result) {}

  /** Called once the run is planned, before any host is touched; false declines the run. */
  public interface PlanListener {
    boolean planned(String runId, Path runDir, List<List<Host>> batches, NewBinary binary, RolloutPolicy policy);

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
    RolloutPolicy policy = RolloutPolicy.from(inventory.upgrade(), hosts.size(), true);
    RunDirectory dirs = dirsFor(request.inventoryFile());
    String runId = RunDirectory.newRunId();
    // Hashing the binary reads all of it: it overlaps taking the lock.
    CompletableFuture<NewBinary> hashed = hash(inventory.upgrade().binary());
    int early = plan.asksFirst() ? 0 : connectAhead(batches, policy);
    try (RunLock lock = RunLock.acquire(dirs.stateDir(), runId, request.breakLock());
        WarmConnections ahead = new WarmConnections(connector, early)) {
      // Once the lock is ours, the first hosts' connects overlap hashing the binary and opening
      // the journal; not while an operator is asked, who may decline: then nothing is touched.
      if (early > 0) {
        List<Host> first = batches.get(0).subList(0, early);
        ahead.warm(first);
        connectedAhead = first.stream().map(Host::name).toList();
      }
      NewBinary binary = hashed(hashed);
      try (RunJournal journal = RunJournal.openForAppend(dirs.journal(runId))) {
        journal.append(startEntry(runId, request, binary, batches));
        if (!plan.planned(runId, dirs.run(runId), batches, binary, policy)) {
          journal.append(RunJournal.entry("run-declined"));
          throw new DeclinedException();
        }
        RolloutListener listener = listeners(journal);
        RolloutResult result = rollout(listener, policy, dirs.run(runId), ahead).run(batches, binary);
        listener.rolloutFinished(result);
        return new Outcome(runId, dirs.run(runId), result);
      }
    }
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

  private static CompletableFuture<NewBinary> hash(Path binary) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return NewBinary.of(binary);
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
      Request request = requestOf(record.start(), inventoryFile);
      Inventory inventory = InventoryLoader.standard().load(inventoryFile, request.overrides());
      NewBinary binary = NewBinary.of(inventory.upgrade().binary());
      String recorded = record.start().path("sha256").asText();
      if (!binary.sha256().equals(recorded)) {
        throw new NotResumableException(
            "run " + id + " installed sha256 " + recorded + " but " + binary.file() + " now has " + binary.sha256());
      }
      List<List<Host>> batches = hostsOf(record.batches(), inventory);
      int selected = batches.stream().mapToInt(List::size).sum();
      RolloutPolicy policy = RolloutPolicy.from(inventory.upgrade(), selected, true);
      try (RunJournal journal = RunJournal.openForAppend(dirs.journal(id))) {
        journal.append(RunJournal.entry("run-resumed"));
        plan.planned(id, dirs.run(id), batches, binary, policy);
        RolloutListener listener = listeners(journal);
        List<UpgradeOutcome> earlier = new ArrayList<>(record.finished());
        for (Host host : byName(batches, record.inFlight())) {
          recoverInFlight(host, binary, policy, listener, dirs.run(id)).ifPresent(earlier::add);
        }
        RolloutResult result = rollout(listener, policy, dirs.run(id)).run(batches, binary, earlier);
        listener.rolloutFinished(result);
        return new Outcome(id, dirs.run(id), result);
      }
    }
  }

  /**
   * Brings a host the dead controller left half-way to a safe state. A host that never had a new
   * master up is only put back as it was, and returns empty: the resumed run upgrades it again,
   * since no check ever failed on it.
   */
  private Optional<UpgradeOutcome> recoverInFlight(
      Host host, NewBinary binary, RolloutPolicy policy, RolloutListener listener, Path runDir)
      throws InterruptedException {
    listener.hostStarted(host);
    HostRecovery recovery = new HostRecovery(listener);
    UpgradeOutcome outcome =
        recovery.bringToSafeState(transcribed(runDir), host, binary, policy.timeouts(), HostRecovery.Goal.FINISH_OR_ROLL_BACK);
    boolean untouched =
        outcome.status() == UpgradeOutcome.Status.ROLLED_BACK
            && recovery.observedState().filter(s -> s == HostState.RUNNING || s == HostState.STAGED).isPresent();
    if (untouched) {
      return Optional.empty();
    }
    listener.hostFinished(host, outcome);
    return Optional.of(outcome);
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

  private Rollout rollout(RolloutListener listener, RolloutPolicy policy, Path runDir) {
    return rollout(listener, policy, runDir, connector);
  }

  private Rollout rollout(RolloutListener listener, RolloutPolicy policy, Path runDir, Connector through) {
    Rollout rollout = new Rollout(transcribed(runDir, through), policy, listener);
    current = rollout;
    if (stopRequested) {
      rollout.requestStop();
    }
    return rollout;
  }

  /** The journal hears each event before the reporters; if it cannot record, the run stops. */
  private RolloutListener listeners(RunJournal journal) {
    return new SafeListener(List.of(new JournalListener(journal, this::requestStop), reporters));
  }


  private static ObjectNode startEntry(String id, Request request, NewBinary binary, List<List<Host>> batches) {
    ObjectNode entry = RunJournal.entry("run-started");
    entry.put("run", id);
    entry.put("inventory", request.inventoryFile().toAbsolutePath().toString());
    entry.put("limit", request.limit());
    entry.set("overrides", RunJournal.JSON.valueToTree(request.overrides()));
    entry.put("binary", binary.file().toAbsolutePath().toString());
    entry.put("sha256", binary.sha256());
    ArrayNode plan = entry.putArray("batches");
    for (List<Host> batch : batches) {
      ArrayNode names = plan.addArray();
      batch.forEach(h -> names.add(h.name()));
    }
    return entry;
  }

  private static Request requestOf(JsonNode start, Path inventoryFile) throws IOException {
    UpgradeOverrides overrides = RunJournal.JSON.treeToValue(start.path("overrides"), UpgradeOverrides.class);
    return new Request(inventoryFile, overrides, start.path("limit").asText(null), false);
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
