package dev.fleet.rollout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where runs keep their state: {@code STATE/lock} and {@code STATE/runs/ID/journal.jsonl}, with
 * STATE defaulting to {@code .fleet/} beside the inventory file so that the lock is per inventory
 * and a Jenkins workspace holds the runs it made. IDs sort by start time.
 */
public record RunDirectory(Path stateDir) {
  private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  public static RunDirectory beside(Path inventoryFile) {
    return new RunDirectory(inventoryFile.toAbsolutePath().getParent().resolve(".fleet"));
  }

  public static String newRunId() {
    return LocalDateTime.now().format(ID_TIME) + "-" + String.format("%04x", new SecureRandom().nextInt(0x10000));
  }

  public Path run(String id) {
    return stateDir.resolve("runs").resolve(id);
  }

  public Path journal(String id) {
    return run(id).resolve("journal.jsonl");
  }

  /** The newest run, by id. */
  public Optional<String> latestRun() throws IOException {
    Path runs = stateDir.resolve("runs");
    if (!Files.isDirectory(runs)) {
      return Optional.empty();
    }
    try (Stream<Path> dirs = Files.list(runs)) {
      List<String> ids = dirs.filter(d -> Files.exists(d.resolve("journal.jsonl")))
          .map(d -> d.getFileName().toString())
          .sorted(Comparator.reverseOrder())
          .toList();
      return ids.stream().findFirst();
    }
  }
}
