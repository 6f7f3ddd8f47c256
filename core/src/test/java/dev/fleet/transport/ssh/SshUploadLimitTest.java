package dev.fleet.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.inventory.HostKeyPolicy;
import dev.fleet.transport.CommandResult;
import dev.fleet.transport.Connection;
import dev.fleet.transport.RemoteCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands with stdin (uploads) run at most {@link SshConnector#UPLOADS_AT_ONCE} at a time over
 * a connector: each can hold its host's whole window of data in the JVM's heap. Commands
 * without stdin are not held back. Both are shown with barriers on the server's file system,
 * never by counting what overlaps within a time window.
 */
class SshUploadLimitTest {
  private static final int COMMANDS = SshConnector.UPLOADS_AT_ONCE + 8;
  /** Only fails a hang; no assertion depends on how long anything takes. */
  private static final Duration HANG = Duration.ofMinutes(2);

  @TempDir Path dir;

  /**
   * Reads its input if it has one ($3 = input), notes itself in $1, then waits until $2 exists
   * (the barrier's release) for at most 120 s, exiting 1 if it never came.
   */
  private static final String HOLD =
      "if [ \"$3\" = input ]; then cat > /dev/null; fi; touch \"$1/$$\"; i=0;"
          + " while [ ! -e \"$2\" ]; do i=$((i+1)); [ $i -gt 2400 ] && exit 1; sleep 0.05; done;"
          + " rm \"$1/$$\"";

  @Test
  void uploadsWaitForEachOther() throws Exception {
    try (Fixture f = new Fixture(true)) {
      // Released only once the limit's worth of uploads are on the server and the rest wait for a
      // permit in the client: none of those can have started, and the limit's worth run side by side.
      f.await(() -> f.onServer() == SshConnector.UPLOADS_AT_ONCE && f.connector.uploadsWaiting() == 8);
      assertEquals(SshConnector.UPLOADS_AT_ONCE, f.onServer());
      f.release();
      f.assertAllOk();
    }
  }

  @Test
  void commandsWithoutInputAreNotHeldBack() throws Exception {
    try (Fixture f = new Fixture(false)) {
      // If the upload limit held these back, more than it allows could never be there at once.
      f.await(() -> f.onServer() == COMMANDS);
      assertEquals(0, f.connector.uploadsWaiting());
      f.release();
      f.assertAllOk();
    }
  }

  /** A server, a connection and {@link #COMMANDS} commands in flight, each held at the barrier. */
  private final class Fixture implements AutoCloseable {
    final SshConnector connector = new SshConnector(TestKeys.fastOptions());
    final TestServer server;
    final Connection connection;
    final ExecutorService pool = Executors.newFixedThreadPool(COMMANDS);
    final List<Future<CommandResult>> runs = new ArrayList<>();
    final Path running;
    final Path release;

    Fixture(boolean withInput) throws Exception {
      Path key = TestKeys.generate(dir, "ed25519", "");
      running = Files.createDirectories(dir.resolve("running"));
      release = dir.resolve("release");
      Path input = Files.writeString(dir.resolve("input"), "binary");
      server = TestServer.start(TestKeys.pub(key), false, null);
      Path knownHosts = dir.resolve("known_hosts");
      server.writeKnownHosts(knownHosts);
      connection =
          connector.connect(
              TestKeys.host("web1", "127.0.0.1", server.port(), "deploy", key, knownHosts, HostKeyPolicy.STRICT, false));
      RemoteCommand hold = RemoteCommand.of("hold", HOLD, running.toString(), release.toString(), withInput ? "input" : "none");
      for (int i = 0; i < COMMANDS; i++) {
        runs.add(pool.submit(() -> withInput ? connection.run(hold, input, HANG) : connection.run(hold, HANG)));
      }
    }

    int onServer() {
      try (Stream<Path> entries = Files.list(running)) {
        return (int) entries.count();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    void await(BooleanSupplier condition) throws InterruptedException {
      long deadline = System.nanoTime() + HANG.toNanos();
      while (!condition.getAsBoolean()) {
        assertTrue(System.nanoTime() < deadline, "hung: " + onServer() + " on the server, " + connector.uploadsWaiting() + " waiting");
        Thread.sleep(10);
      }
    }

    void release() throws IOException {
      Files.createFile(release);
    }

    void assertAllOk() throws Exception {
      for (Future<CommandResult> run : runs) {
        assertTrue(run.get().ok(), run.get().toString());
      }
    }

    @Override
    public void close() throws Exception {
      if (!Files.exists(release)) {
        Files.createFile(release);
      }
      pool.shutdownNow();
      connection.close();
      server.close();
      connector.close();
    }
  }
}
