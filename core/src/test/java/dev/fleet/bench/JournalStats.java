package dev.fleet.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a run journal says about time: each host's start to finish, and each step's millis. */
final class JournalStats {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Per host, from host-started to host-finished. */
  final List<Long> hostMillis = new ArrayList<>();
  /** Per step name, the step-ok millis of every host, in the order steps first appear. */
  final Map<String, List<Long>> stepMillis = new LinkedHashMap<>();
  int upgraded;

  static JournalStats read(Path journal) throws IOException {
    JournalStats stats = new JournalStats();
    Map<String, Instant> started = new HashMap<>();
    for (String line : Files.readAllLines(journal)) {
      JsonNode e = JSON.readTree(line);
      String host = e.path("host").asText();
      switch (e.path("event").asText()) {
        case "host-started" -> started.put(host, Instant.parse(e.path("time").asText()));
        case "host-finished" -> {
          Instant from = started.get(host);
          if (from != null) {
            stats.hostMillis.add(Duration.between(from, Instant.parse(e.path("time").asText())).toMillis());
          }
          stats.upgraded += "UPGRADED".equals(e.path("status").asText()) ? 1 : 0;
        }
        case "step-ok" -> stats.stepMillis
            .computeIfAbsent(e.path("step").asText(), k -> new ArrayList<>())
            .add(e.path("millis").asLong());
        default -> { }
      }
    }
    return stats;
  }

  /** One journal line about a host: its event, time and step (empty for host events). */
  record Event(String event, Instant time, String step) {}

  /** The journal's events about {@code host}, in the order written. */
  static List<Event> events(Path journal, String host) throws IOException {
    List<Event> events = new ArrayList<>();
    for (String line : Files.readAllLines(journal)) {
      JsonNode e = JSON.readTree(line);
      if (host.equals(e.path("host").asText()) && e.has("time")) {
        events.add(new Event(e.path("event").asText(), Instant.parse(e.path("time").asText()), e.path("step").asText()));
      }
    }
    return events;
  }

  static long percentile(List<Long> values, double p) {
    if (values.isEmpty()) {
      return -1;
    }
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(p * sorted.size())));
  }

  static long median(List<Long> values) {
    return percentile(values, 0.5);
  }
}
