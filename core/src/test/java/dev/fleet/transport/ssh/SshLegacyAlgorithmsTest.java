package dev.fleet.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.inventory.Host;
import dev.fleet.inventory.HostKeyPolicy;
import dev.fleet.inventory.SshSettings;
import dev.fleet.transport.Connection;
import dev.fleet.transport.RemoteCommand;
import dev.fleet.transport.TransportException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.cipher.Cipher;
import org.apache.sshd.common.mac.BuiltinMacs;
import org.apache.sshd.common.mac.Mac;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An old server that only speaks aes128-cbc and hmac-sha1: refused by default, reached when the host opts in. */
class SshLegacyAlgorithmsTest {
  @TempDir static Path dir;
  static Path key;
  static Path knownHosts;
  static TestServer server;
  static SshConnector connector;

  @BeforeAll
  static void start() throws Exception {
    key = TestKeys.generate(dir, "ed25519", "");
    server = TestServer.start(TestKeys.pub(key), false, null);
    // Read per session, so changing them after start is what the next client meets. CBC too:
    // with an AEAD cipher no MAC is negotiated at all.
    List<NamedFactory<Mac>> sha1Only = List.of(BuiltinMacs.hmacsha1);
    server.sshd.setMacFactories(sha1Only);
    List<NamedFactory<Cipher>> cbcOnly = List.of(BuiltinCiphers.aes128cbc);
    server.sshd.setCipherFactories(cbcOnly);
    knownHosts = dir.resolve("known_hosts");
    server.writeKnownHosts(knownHosts);
    connector = new SshConnector(TestKeys.fastOptions());
  }

  @AfterAll
  static void stop() throws Exception {
    connector.close();
    server.close();
  }

  private static Host oldHost(boolean legacy) {
    SshSettings ssh =
        new SshSettings(
            "deploy", server.port(), key, knownHosts, HostKeyPolicy.STRICT, null, false,
            TestKeys.CONNECT_TIMEOUT, legacy, null, null, 0);
    return new Host("old1", "127.0.0.1", List.of(), ssh, null);
  }

  @Test
  void legacyOnlyServerIsRefusedOnceWithAHintByDefault() {
    int before = server.sessions.get();
    TransportException e =
        assertThrows(TransportException.class, () -> connector.connect(oldHost(false)));
    assertFalse(e.retryable(), "no retry can make the server offer other algorithms");
    assertEquals(1, server.sessions.get() - before, "an algorithm mismatch was retried");
    assertTrue(e.getMessage().startsWith("old1: "), e.getMessage());
    assertTrue(e.getMessage().contains("legacy_algorithms"), e.getMessage());
  }

  /** One connector keeps a client per kind: the hosts that opt in and the others never share one. */
  @Test
  void eachHostGetsTheClientOfItsOwnKindFromOneConnector() throws Exception {
    try (SshConnector both = new SshConnector(TestKeys.fastOptions())) {
      assertThrows(TransportException.class, () -> both.connect(oldHost(false)));
      try (Connection c = both.connect(oldHost(true))) {
        assertTrue(c.run(RemoteCommand.of("probe", "true"), Duration.ofSeconds(10)).ok());
      }
      assertThrows(TransportException.class, () -> both.connect(oldHost(false)), "the default client again");
    }
  }

  @Test
  void legacyOptInReachesTheOldServer() throws Exception {
    try (Connection c = connector.connect(oldHost(true))) {
      assertTrue(c.run(RemoteCommand.of("probe", "true"), Duration.ofSeconds(10)).ok());
    }
  }
}
