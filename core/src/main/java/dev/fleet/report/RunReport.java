package dev.fleet.report;

import dev.fleet.inventory.Host;
import dev.fleet.nginx.UpgradeOutcome;
import dev.fleet.nginx.probe.HostState;
import dev.fleet.nginx.step.NewBinary;
import dev.fleet.rollout.RolloutListener;
import dev.fleet.rollout.RolloutResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects a run as it happens, host by host and step by step, for the JSON and JUnit writers.
 * Thread-safe: hosts report from several threads.
 */
public final class RunReport implements RolloutListener {

  /** One step of one host. {@code status}: ok, failed, undo, undo-failed. */
  public record Step(String name, String status, Instant started, long millis, String reason) {}

  /** Everything known about one host. */
  public static final class HostRecord {
    final String name;
    final String address;
    final List<String> groups;
    int batch = -1;
    final List<Step> steps = new ArrayList<>();
    final Map<String, Instant> open = new LinkedHashMap<>();
    String fromVersion = "";
    String toVersion = "";
    String fromSha256 = "";
    String toSha256 = "";
    UpgradeOutcome outcome;
    UpgradeOutcome revert;
    String observedState;

    HostRecord(String name, String address, List<String> groups) {
      this.name = name;
      this.address = address;
      this.groups = List.copyOf(groups);
    }
  }

  private final Map<String, HostRecord> hosts = new LinkedHashMap<>();
  private final List<List<String>> batches = new ArrayList<>();
  private final Instant started = Instant.now();
  private String runId = "";
  private NewBinary binary;
  private String haltReason;
  private RolloutResult result;
  private final List<dev.fleet.hooks.HookResult> hooks = new ArrayList<>();

  /** The plan: called once before any host is touched. */
  public synchronized void planned(String runId, List<List<Host>> plan, NewBinary binary) {
    this.runId = runId;
    this.binary = binary;
    for (int i = 0; i < plan.size(); i++) {
      List<String> names = new ArrayList<>();
      for (Host h : plan.get(i)) {
        HostRecord record = host(h.name(), h.address(), h.groups());
        record.batch = i;
        names.add(h.name());
      }
      batches.add(names);
    }
  }

  private HostRecord host(String name, String address, List<String> groups) {
    return hosts.computeIfAbsent(name, n -> new HostRecord(n, address, groups));
  }

  private HostRecord host(String name) {
    return host(name, name, List.of());
  }

  @Override
  public synchronized void stepStarted(String host, String step) {
    host(host).open.put(step, Instant.now());
  }

  @Override
  public synchronized void stepSucceeded(String host, String step, Duration took) {
    close(host, step, "ok", took, null);
  }

  @Override
  public synchronized void stepFailed(String host, String step, String reason) {
    close(host, step, "failed", null, reason);
  }

  @Override
  public synchronized void undoStarted(String host, String step) {
    host(host).steps.add(new Step("undo " + step, "undo", Instant.now(), 0, null));
  }

  @Override
  public synchronized void undoFailed(String host, String step, String reason) {
    host(host).steps.add(new Step("undo " + step, "undo-failed", Instant.now(), 0, reason));
  }

  @Override
  public synchronized void binaryChange(
      String host, String fromVersion, String fromSha256, String toVersion, String toSha256) {
    HostRecord record = host(host);
    record.fromVersion = fromVersion;
    record.fromSha256 = fromSha256;
    record.toVersion = toVersion;
    record.toSha256 = toSha256;
  }

  @Override
  public synchronized void stateObserved(String host, HostState state, String evidence) {
    host(host).observedState = state.label();
  }

  @Override
  public synchronized void hostFinished(Host host, UpgradeOutcome outcome) {
    host(host.name(), host.address(), host.groups()).outcome = outcome;
  }

  @Override
  public synchronized void revertFinished(Host host, UpgradeOutcome outcome) {
    host(host.name(), host.address(), host.groups()).revert = outcome;
  }

  @Override
  public synchronized void halted(String reason) {
    haltReason = reason;
  }

  @Override
  public synchronized void hookFinished(dev.fleet.hooks.HookResult hook) {
    hooks.add(hook);
  }

  @Override
  public synchronized void rolloutFinished(RolloutResult result) {
    this.result = result;
  }

  private void close(String host, String step, String status, Duration took, String reason) {
    HostRecord record = host(host);
    Instant begun = record.open.remove(step);
    Instant start = begun == null ? Instant.now() : begun;
    long millis = took != null ? took.toMillis() : Duration.between(start, Instant.now()).toMillis();
    record.steps.add(new Step(step, status, start, millis, reason));
  }

  synchronized Snapshot snapshot() {
    List<HostRecord> copy = new ArrayList<>(hosts.values());
    return new Snapshot(runId, started, binary, List.copyOf(batches), copy, haltReason, result, List.copyOf(hooks));
  }

  /** What the writers read, taken once the run is over. */
  record Snapshot(
      String runId,
      Instant started,
      NewBinary binary,
      List<List<String>> batches,
      List<HostRecord> hosts,
      String haltReason,
      RolloutResult result,
      List<dev.fleet.hooks.HookResult> hooks) {}
}
