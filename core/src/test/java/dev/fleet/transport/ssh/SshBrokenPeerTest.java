package dev.fleet.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.transport.CommandResult;
import dev.fleet.transport.Connection;
import dev.fleet.transport.RemoteCommand;
import dev.fleet.transport.TransportException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshBrokenPeerTest {
  /** Only fails a hang; no assertion depends on how long anything takes. */
  private static final Duration HANG = Duration.ofMinutes(2);
  /** Less than the default keepalives need to give up on a peer (3 x 15 s). */
  private static final Duration KEEPALIVE_YARDSTICK = Duration.ofSeconds(20);

  @TempDir static Path dir;
  static Path key;
  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    key = TestKeys.generate(dir, "ed25519", "");
    server = TestServer.start(TestKeys.pub(key), true, null);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  private Connection connectThrough(TcpProxy proxy, SshConnector connector) throws Exception {
    Path knownHosts = Files.createTempFile(dir, "known", "");
    Files.writeString(
        knownHosts,
        "[127.0.0.1]:" + proxy.port() + " " + PublicKeyEntry.toString(server.hostKey.getPublic()));
    return connector.connect(TestKeys.host("web5", proxy.port(), key, knownHosts));
  }

  @Test
  void connectionResetDuringACommandIsARetryableTransportException() throws Exception {
    Path running = dir.resolve("drain-running");
    try (TcpProxy proxy = new TcpProxy(server.port());
        SshConnector connector = new SshConnector(TestKeys.fastOptions());
        Connection c = connectThrough(proxy, connector)) {
      // Cut once the command is known to run on the server, not after a guessed delay.
      Thread cutter = new Thread(() -> thenCut(running, proxy));
      cutter.start();
      TransportException e =
          assertThrows(
              TransportException.class,
              () ->
                  c.run(
                      RemoteCommand.of("drain", "touch \"$1\"; sleep 300", running.toString()),
                      HANG));
      cutter.join();
      assertTrue(Files.exists(running), "the cut came before the command ran");
      assertTrue(e.retryable(), e.getMessage());
      assertTrue(e.getMessage().startsWith("web5: "), e.getMessage());
    }
  }

  @Test
  void keepalivesNoticeAPeerThatStoppedAnswering() throws Exception {
    Path running = dir.resolve("keepalive-running");
    SshOptions options = TestKeys.fastOptions().withKeepalive(Duration.ofMillis(200), 2);
    try (TcpProxy proxy = new TcpProxy(server.port());
        SshConnector connector = new SshConnector(options);
        Connection c = connectThrough(proxy, connector)) {
      // The command runs on the server before the peer goes silent; from then on only two things
      // can end the run: the keepalives (the session dies: "connection lost", retryable) or, if
      // they never notice, the command's deadline ("did not finish within", not retryable). Which
      // one it was is the assertion, not how long it took. The deadline is the yardstick: far
      // beyond two 200 ms keepalives, yet short of what the default ones (3 x 15 s) would need.
      FutureTask<CommandResult> run =
          new FutureTask<>(
              () -> c.run(
                  RemoteCommand.of("drain", "touch \"$1\"; sleep 300", running.toString()),
                  KEEPALIVE_YARDSTICK));
      new Thread(run, "keepalive-test-run").start();
      awaitFile(running);
      proxy.freeze();
      ExecutionException failed = assertThrows(ExecutionException.class, run::get);
      TransportException e = assertInstanceOf(TransportException.class, failed.getCause());
      assertTrue(e.retryable(), "the deadline, not the keepalives, ended the run: " + e.getMessage());
      assertTrue(e.getMessage().startsWith("web5: connection lost while running drain"), e.getMessage());
    }
  }

  /** Waits until {@code marker} exists on the server's file system (a hang at most), then cuts. */
  private static void thenCut(Path marker, TcpProxy proxy) {
    try {
      awaitFile(marker);
      proxy.cut();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void awaitFile(Path marker) throws InterruptedException {
    long deadline = System.nanoTime() + HANG.toNanos();
    while (!Files.exists(marker) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }
}
