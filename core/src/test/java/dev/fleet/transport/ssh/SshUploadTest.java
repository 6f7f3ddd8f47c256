package dev.fleet.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.inventory.HostKeyPolicy;
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

class SshUploadTest {
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

  @Test
  void uploadGoesOverSftpWhenTheHostHasIt() throws Exception {
    try (TestServer server = TestServer.start(TestKeys.pub(key), true, fakeBin);
        Connection c = connect(server, true)) {
      Path target = dir.resolve("sftp.tmp");
      c.upload(binary, target.toString(), false);
      assertArrayEquals(Files.readAllBytes(binary), Files.readAllBytes(target));
    }
  }

  @Test
  void uploadFallsBackToCatWithoutSftpAndTruncates() throws Exception {
    try (TestServer server = TestServer.start(TestKeys.pub(key), false, fakeBin);
        Connection c = connect(server, false)) {
      Path target = dir.resolve("has space 'and quote'.tmp");
      Files.writeString(target, "x".repeat(5 * 1024 * 1024));
      c.upload(binary, target.toString(), false);
      assertArrayEquals(Files.readAllBytes(binary), Files.readAllBytes(target));
    }
  }

  @Test
  void privilegedUploadByNonRootGoesThroughSudo() throws Exception {
    try (TestServer server = TestServer.start(TestKeys.pub(key), true, fakeBin);
        Connection c = connect(server, true)) {
      Path target = dir.resolve("privileged.tmp");
      c.upload(binary, target.toString(), true);
      assertArrayEquals(Files.readAllBytes(binary), Files.readAllBytes(target));
      assertTrue(Files.readString(sudoLog).contains("-n -- sh -c cat > \"$1\""));
    }
  }

  @Test
  void uploadToAMissingDirectoryNamesHostAndPath() throws Exception {
    try (TestServer server = TestServer.start(TestKeys.pub(key), false, fakeBin);
        Connection c = connect(server, false)) {
      TransportException e =
          assertThrows(
              TransportException.class,
              () -> c.upload(binary, dir.resolve("nope/x.tmp").toString(), false));
      assertTrue(e.getMessage().startsWith("web3: upload to " + dir.resolve("nope/x.tmp")), e.getMessage());
    }
  }

  @Test
  void connectionCutDuringUploadIsARetryableTransportException() throws Exception {
    try (TestServer server = TestServer.start(TestKeys.pub(key), false, fakeBin);
        TcpProxy proxy = new TcpProxy(server.port())) {
      Path knownHosts = dir.resolve("proxy_known");
      Files.writeString(knownHosts, "[127.0.0.1]:" + proxy.port() + " "
          + org.apache.sshd.common.config.keys.PublicKeyEntry.toString(server.hostKey.getPublic()) + "\n");
      try (Connection c = connector.connect(TestKeys.host("web4", proxy.port(), key, knownHosts))) {
        long before = proxy.upstreamBytes.get();
        Thread cutter = new Thread(() -> {
          try {
            while (proxy.upstreamBytes.get() - before < 512 * 1024) {
              Thread.sleep(5);
            }
            proxy.cut();
          } catch (Exception e) {
            // test over
          }
        });
        cutter.start();
        TransportException e =
            assertThrows(TransportException.class,
                () -> c.upload(binary, dir.resolve("cut.tmp").toString(), false));
        cutter.join();
        assertTrue(e.retryable(), e.getMessage());
        assertTrue(e.getMessage().startsWith("web4: connection lost while uploading"), e.getMessage());
        assertThrows(TransportException.class,
            () -> c.run(RemoteCommand.of("after", "true"), Duration.ofSeconds(5)));
      }
    }
  }
}
