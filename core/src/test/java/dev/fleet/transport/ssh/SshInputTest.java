package dev.fleet.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.inventory.HostKeyPolicy;
import dev.fleet.transport.CommandResult;
import dev.fleet.transport.Connection;
import dev.fleet.transport.RemoteCommand;
import dev.fleet.transport.TransportException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A local file as a remote command's stdin: how a new binary reaches a host with its checks. */
class SshInputTest {
  @TempDir static Path dir;
  static Path key;
  static Path binary;
  static Path sudoLog;
  static Path fakeBin;
  static SshConnector connector;

  @BeforeAll
  static void setUp() throws Exception {
    key = TestKeys.generate(dir, "ed25519", "");
    binary = dir.resolve("nginx.new");
    byte[] bytes = new byte[3 * 1024 * 1024 + 17];
    new Random(7).nextBytes(bytes);
    Files.write(binary, bytes);
    fakeBin = Files.createDirectories(dir.resolve("bin"));
    sudoLog = dir.resolve("sudo.log");
    // A passwordless sudo that records its use and runs the command as the current user.
    Path sudo = fakeBin.resolve("sudo");
    Files.writeString(
        sudo, "#!/bin/sh\necho \"$*\" >> '" + sudoLog + "'\nshift 2\nexec \"$@\"\n");
    sudo.toFile().setExecutable(true);
    connector = new SshConnector(TestKeys.fastOptions());
  }

  @AfterAll
  static void tearDown() {
    connector.close();
  }

  private Connection connect(TestServer server, boolean sudo) throws Exception {
    Path knownHosts = Files.createTempFile(dir, "known", "");
    server.writeKnownHosts(knownHosts);
    return connector.connect(
        TestKeys.host("web3", "127.0.0.1", server.port(), "deploy", key, knownHosts,
            HostKeyPolicy.STRICT, sudo));
  }

  private static final String RECEIVE = "cat > \"$1\"";
  private static final Duration MINUTE = Duration.ofMinutes(1);

  @Test
  void inputReachesTheCommandIntactAndTruncatesWhatWasThere() throws Exception {
    try (TestServer server = TestServer.start(TestKeys.pub(key), false, fakeBin);
        Connection c = connect(server, false)) {
      Path target = dir.resolve("has space 'and quote'.tmp");
      Files.writeString(target, "x".repeat(5 * 1024 * 1024));
      CommandResult r = c.run(RemoteCommand.of("stage", RECEIVE + "; echo received", target.toString()), binary, MINUTE);
      assertEquals(new CommandResult(0, "received\n", ""), r);
      assertArrayEquals(Files.readAllBytes(binary), Files.readAllBytes(target));
    }
  }

  @Test
  void privilegedInputByNonRootGoesThroughSudo() throws Exception {
    try (TestServer server = TestServer.start(TestKeys.pub(key), false, fakeBin);
        Connection c = connect(server, true)) {
      Path target = dir.resolve("privileged.tmp");
      assertEquals(0, c.run(RemoteCommand.privileged("stage", RECEIVE, target.toString()), binary, MINUTE).exitStatus());
      assertArrayEquals(Files.readAllBytes(binary), Files.readAllBytes(target));
      assertTrue(Files.readString(sudoLog).contains("-n -- sh -c"), Files.readString(sudoLog));
    }
  }

  @Test
  void connectionCutWhileSendingInputIsARetryableTransportException() throws Exception {
    try (TestServer server = TestServer.start(TestKeys.pub(key), false, fakeBin);
        TcpProxy proxy = new TcpProxy(server.port())) {
      Path knownHosts = dir.resolve("proxy_known");
      Files.writeString(knownHosts, "[127.0.0.1]:" + proxy.port() + " "
          + org.apache.sshd.common.config.keys.PublicKeyEntry.toString(server.hostKey.getPublic()) + "\n");
      try (Connection c = connector.connect(TestKeys.host("web4", proxy.port(), key, knownHosts))) {
        // Half a MiB of the 3 MiB upload gets through, then the relay cuts: mid-input, by count.
        proxy.cutAfterUpstream(512 * 1024);
        TransportException e =
            assertThrows(TransportException.class,
                () -> c.run(RemoteCommand.of("stage", RECEIVE, dir.resolve("cut.tmp").toString()), binary, MINUTE));
        assertTrue(e.retryable(), e.getMessage());
        assertTrue(e.getMessage().startsWith("web4: connection lost while running stage"), e.getMessage());
        assertThrows(TransportException.class,
            () -> c.run(RemoteCommand.of("after", "true"), Duration.ofSeconds(5)));
      }
    }
  }
}
