package dev.fleet.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.inventory.HostKeyPolicy;
import dev.fleet.transport.CommandResult;
import dev.fleet.transport.Connection;
import dev.fleet.transport.RemoteCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands with stdin (uploads) run at most {@link SshConnector#UPLOADS_AT_ONCE} at a time over
 * a connector: each can hold its host's whole window of data in the JVM's heap. Commands
 * without stdin are not held back.
 */
class SshUploadLimitTest {
  @TempDir Path dir;

  /**
   * Each command reads its input (if it has one: $3), notes itself in a directory, records how
   * many are there, waits, leaves.
   */
  private static final String COUNT =
      "if [ \"$3\" = input ]; then cat > /dev/null; fi; touch \"$1/$$\"; ls \"$1\" | wc -l >> \"$2\";"
          + " sleep 0.3; rm \"$1/$$\"";

  private int busiest(boolean withInput) throws Exception {
    Path key = TestKeys.generate(dir, "ed25519", "");
    Path running = Files.createDirectories(dir.resolve("running-" + withInput));
    Path counts = dir.resolve("counts-" + withInput);
    Path input = Files.writeString(dir.resolve("input"), "binary");
    int commands = SshConnector.UPLOADS_AT_ONCE + 8;
    ExecutorService pool = Executors.newFixedThreadPool(commands);
    try (SshConnector connector = new SshConnector(TestKeys.fastOptions());
        TestServer server = TestServer.start(TestKeys.pub(key), false, null)) {
      Path knownHosts = dir.resolve("known_hosts");
      server.writeKnownHosts(knownHosts);
      try (Connection c =
          connector.connect(
              TestKeys.host("web1", "127.0.0.1", server.port(), "deploy", key, knownHosts, HostKeyPolicy.STRICT, false))) {
        List<Future<CommandResult>> runs = new ArrayList<>();
        RemoteCommand count = RemoteCommand.of("count", COUNT, running.toString(), counts.toString(), withInput ? "input" : "none");
        for (int i = 0; i < commands; i++) {
          runs.add(pool.submit(() -> withInput ? c.run(count, input, Duration.ofMinutes(1)) : c.run(count, Duration.ofMinutes(1))));
        }
        for (Future<CommandResult> run : runs) {
          assertTrue(run.get().ok(), run.get().toString());
        }
      }
    } finally {
      pool.shutdownNow();
    }
    List<String> seen = Files.readAllLines(counts);
    assertEquals(SshConnector.UPLOADS_AT_ONCE + 8, seen.size());
    return seen.stream().mapToInt(l -> Integer.parseInt(l.strip())).max().orElse(0);
  }

  @Test
  void uploadsWaitForEachOther() throws Exception {
    int busiest = busiest(true);
    assertTrue(busiest <= SshConnector.UPLOADS_AT_ONCE, "at most " + SshConnector.UPLOADS_AT_ONCE + " at once, saw " + busiest);
    assertTrue(busiest > 1, "but they do run side by side: " + busiest);
  }

  @Test
  void commandsWithoutInputAreNotHeldBack() throws Exception {
    assertTrue(busiest(false) > SshConnector.UPLOADS_AT_ONCE);
  }
}
