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
 */
public record RunRecord(
    JsonNode start,
    List<UpgradeOutcome> finished,
    Set<String> inFlight,
    Set<String> reverted,
    Optional<String> endStatus) {

  public static RunRecord read(Path journal) throws IOException {
    List<JsonNode> entries = RunJournal.read(journal);
    if (entries.isEmpty() || !entries.get(0).path("event").asText().equals("run-started")) {
      throw new IOException(journal + " is not a fleet run journal");
    }
    Map<String, UpgradeOutcome> finished = new LinkedHashMap<>();
    Set<String> inFlight = new LinkedHashSet<>();
    Set<String> reverted = new LinkedHashSet<>();
    Optional<String> end = Optional.empty();
    for (JsonNode e : entries) {
      String host = e.path("host").asText(null);
      switch (e.path("event").asText()) {
        case "host-started" -> inFlight.add(host);
        case "host-finished" -> {
          inFlight.remove(host);
          finished.put(host, outcome(e));
        }
        case "revert-finished" -> reverted.add(host);
        case "run-ended" -> end = Optional.of(e.path("status").asText());
        case "run-declined" -> end = Optional.of("DECLINED");
        default -> {} // steps are for people reading the journal
      }
    }
    return new RunRecord(entries.get(0), List.copyOf(finished.values()), inFlight, reverted, end);
  }

  /** A run that ended paused, or never ended (its controller died), can be resumed. */
  public boolean resumable() {
    return endStatus.isEmpty() || endStatus.get().equals(RolloutResult.Status.PAUSED.name());
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
        Duration.ofMillis(e.path("millis").asLong()));
  }
}
