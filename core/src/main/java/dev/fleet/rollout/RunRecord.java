package dev.fleet.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleet.nginx.UpgradeOutcome;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a run's journal says happened: how it was started, which hosts finished and how, which
 * hosts were caught in flight, which were reverted, and how (or whether) the run ended.
 * {@code awaitingAfterHost}: hosts whose before_host started and whose after_host never ended (a
 * drained host the dead controller did not put back). {@code gatesPassed}: the batches (from 0)
 * whose after_batch ended well.
 */
public record RunRecord(
    JsonNode start,
    List<UpgradeOutcome> finished,
    Set<String> inFlight,
    Set<String> reverted,
    Map<String, String> targets,
    Optional<String> endStatus,
    Set<String> awaitingAfterHost,
    Set<Integer> gatesPassed) {

  public static RunRecord read(Path journal) throws IOException {
    List<JsonNode> entries = RunJournal.read(journal);
    if (entries.isEmpty() || !entries.get(0).path("event").asText().equals("run-started")) {
      throw new IOException(journal + " is not a fleet run journal");
    }
    Map<String, UpgradeOutcome> finished = new LinkedHashMap<>();
    Set<String> inFlight = new LinkedHashSet<>();
    Set<String> reverted = new LinkedHashSet<>();
    Map<String, String> targets = new LinkedHashMap<>();
    Optional<String> end = Optional.empty();
    Set<String> awaitingAfterHost = new LinkedHashSet<>();
    Set<Integer> gatesPassed = new LinkedHashSet<>();
    for (JsonNode e : entries) {
      String host = e.path("host").asText(null);
      switch (e.path("event").asText()) {
        case "host-started" -> inFlight.add(host);
        case "host-finished" -> {
          inFlight.remove(host);
          finished.put(host, outcome(e));
        }
        case "revert-finished" -> reverted.add(host);
        case "host-target" -> targets.put(host, e.path("sha256").asText());
        case "run-ended" -> end = Optional.of(e.path("status").asText());
        case "run-declined" -> end = Optional.of("DECLINED");
        case "hook-started" -> {
          if (e.path("hook").asText().equals("before_host")) {
            awaitingAfterHost.add(host);
          }
        }
        case "hook-ended" -> {
          if (e.path("hook").asText().equals("after_host")) {
            awaitingAfterHost.remove(host);
          }
          if (e.path("hook").asText().equals("after_batch") && e.path("ok").asText().equals("true")) {
            gatesPassed.add(e.path("batch").asInt() - 1);
          }
        }
        default -> {} // steps are for people reading the journal
      }
    }
    return new RunRecord(
        entries.get(0), List.copyOf(finished.values()), inFlight, reverted, targets, end, awaitingAfterHost, gatesPassed);
  }

  /**
   * A run that ended paused, or never ended (its controller died), can be resumed; so can one
   * that ended needing attention: its hosts are looked at again, and those an interruption left
   * half-way (a host unreachable for longer than the reconnect window) are brought to a safe state.
   */
  public boolean resumable() {
    return endStatus.isEmpty()
        || endStatus.get().equals(RolloutResult.Status.PAUSED.name())
        || endStatus.get().equals(RolloutResult.Status.NEEDS_ATTENTION.name());
  }

  /** Hosts a resume brings to a safe state first: caught in flight, or left needing attention. */
  public Set<String> toRecover() {
    Set<String> hosts = new LinkedHashSet<>(inFlight);
    finished.stream().filter(RunRecord::needsAttention).map(UpgradeOutcome::host).forEach(hosts::add);
    return hosts;
  }

  /** Hosts whose outcome stands: finished, and not needing attention. */
  public List<UpgradeOutcome> settled() {
    return finished.stream().filter(o -> !needsAttention(o)).toList();
  }

  private static boolean needsAttention(UpgradeOutcome o) {
    return o.status() == UpgradeOutcome.Status.NEEDS_ATTENTION;
  }

  /** Journals written before rollback ran on the engine name no procedure: they were upgrades. */
  public HostProcedure.Kind kind() {
    return HostProcedure.Kind.valueOf(start.path("procedure").asText(HostProcedure.Kind.UPGRADE.name()));
  }

  /** The sha256 this run recorded it was installing on {@code host}, once its stage was done. */
  public Optional<String> target(String host) {
    return Optional.ofNullable(targets.get(host));
  }

  /** The hosts this run upgraded and did not revert, newest first. */
  public List<String> upgradedNewestFirst() {
    List<String> names = new ArrayList<>();
    for (UpgradeOutcome o : finished) {
      if (o.status() == UpgradeOutcome.Status.UPGRADED && !reverted.contains(o.host())) {
        names.add(0, o.host());
      }
    }
    return names;
  }

  public List<List<String>> batches() {
    List<List<String>> batches = new ArrayList<>();
    for (JsonNode batch : start.path("batches")) {
      List<String> names = new ArrayList<>();
      batch.forEach(n -> names.add(n.asText()));
      batches.add(names);
    }
    return batches;
  }

  private static UpgradeOutcome outcome(JsonNode e) {
    return new UpgradeOutcome(
        e.path("host").asText(),
        UpgradeOutcome.Status.valueOf(e.path("status").asText()),
        e.path("step").asText(null),
        e.path("reason").asText(null),
        Duration.ofMillis(e.path("millis").asLong()),
        e.path("hookFailed").asBoolean(false));
  }
}
