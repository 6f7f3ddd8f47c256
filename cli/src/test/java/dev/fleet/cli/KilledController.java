package dev.fleet.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.testing.RealFleet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A fleet controller in a JVM of its own, to be killed where a journal line says. */
final class KilledController {
  private KilledController() {}

  static Process start(RealFleet fleet, String... args) throws Exception {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath, Main.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(fleet.sandbox().dir().resolve("killed-controller.log").toFile())
        .start();
  }

  static void awaitJournalLine(RealFleet fleet, Path stateDir, String needle, Process controller) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (System.nanoTime() < deadline) {
      Path runs = stateDir.resolve("runs");
      if (Files.isDirectory(runs)) {
        try (var dirs = Files.list(runs)) {
          for (Path run : dirs.toList()) {
            Path journal = run.resolve("journal.jsonl");
            if (Files.exists(journal) && Files.readString(journal).contains(needle)) {
              return;
            }
          }
        }
      }
      assertTrue(controller.isAlive(), "the controller ended before " + needle + ": "
          + Files.readString(fleet.sandbox().dir().resolve("killed-controller.log")));
      Thread.sleep(5);
    }
    throw new AssertionError("no journal line " + needle + " within 5 minutes");
  }

  static void deleteTree(Path dir) throws Exception {
    if (Files.exists(dir)) {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
