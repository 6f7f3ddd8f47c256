package dev.fleet.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.transport.Connection;
import dev.fleet.transport.RemoteCommand;
import dev.fleet.transport.TransportException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshBrokenPeerTest {
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
    try (TcpProxy proxy = new TcpProxy(server.port());
        SshConnector connector = new SshConnector(TestKeys.fastOptions());
        Connection c = connectThrough(proxy, connector)) {
      Thread cutter = new Thread(() -> sleepThen(300, proxy::cut));
      cutter.start();
      TransportException e =
          assertThrows(
              TransportException.class,
              () -> c.run(RemoteCommand.of("drain", "sleep 5"), Duration.ofSeconds(20)));
      cutter.join();
      assertTrue(e.retryable(), e.getMessage());
      assertTrue(e.getMessage().startsWith("web5: "), e.getMessage());
    }
  }

  @Test
  void keepalivesNoticeAPeerThatStoppedAnswering() throws Exception {
    SshOptions options = TestKeys.fastOptions().withKeepalive(Duration.ofMillis(200), 2);
    try (TcpProxy proxy = new TcpProxy(server.port());
        SshConnector connector = new SshConnector(options);
        Connection c = connectThrough(proxy, connector)) {
      proxy.freeze();
      long start = System.nanoTime();
      TransportException e =
          assertThrows(
              TransportException.class,
              () -> c.run(RemoteCommand.of("drain", "sleep 30"), Duration.ofSeconds(60)));
      long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
      assertTrue(seconds < 10, "dead peer noticed only after " + seconds + "s");
      assertTrue(e.retryable(), e.getMessage());
    }
  }

  private static void sleepThen(long millis, Runnable action) {
    try {
      Thread.sleep(millis);
      action.run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
