package dev.fleet.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.inventory.Host;
import dev.fleet.inventory.HostKeyPolicy;
import dev.fleet.transport.Connection;
import dev.fleet.transport.RemoteCommand;
import dev.fleet.transport.TransportException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshConnectTest {
  private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

  @TempDir static Path dir;
  static Path key;
  static TestServer server;
  static SshConnector connector;

  @BeforeAll
  static void start() throws Exception {
    key = TestKeys.generate(dir, "ed25519", "");
    server = TestServer.start(TestKeys.pub(key), true, null);
    connector = new SshConnector(TestKeys.fastOptions());
  }

  @AfterAll
  static void stop() throws Exception {
    connector.close();
    server.close();
  }

  private static Host host(Path knownHosts, HostKeyPolicy policy) {
    return TestKeys.host(
        "web7", "127.0.0.1", server.port(), "deploy", key, knownHosts, policy, false);
  }

  private static void assertConnects(Host host) throws Exception {
    try (Connection c = connector.connect(host)) {
      assertTrue(c.run(RemoteCommand.of("probe", "true"), TEN_SECONDS).ok());
    }
  }

  @Test
  void hashedKnownHostsEntryIsAccepted() throws Exception {
    Path knownHosts = Files.createTempFile(dir, "known", "");
    server.writeKnownHosts(knownHosts);
    TestKeys.run(List.of("ssh-keygen", "-q", "-H", "-f", knownHosts.toString()));
    assertTrue(Files.readString(knownHosts).contains("|1|"), "ssh-keygen -H hashed nothing");
    assertConnects(host(knownHosts, HostKeyPolicy.STRICT));
  }

  @Test
  void unknownHostIsRefusedUnderStrict() throws Exception {
    Path knownHosts = dir.resolve("empty_known_hosts");
    TransportException e =
        assertThrows(
            TransportException.class,
            () -> connector.connect(host(knownHosts, HostKeyPolicy.STRICT)));
    assertFalse(e.retryable());
    String offered = KeyUtils.getFingerPrint(server.hostKey.getPublic());
    assertTrue(e.getMessage().startsWith("web7: unknown host key " + offered), e.getMessage());
    assertFalse(Files.exists(knownHosts), "strict must not write known_hosts");
  }

  @Test
  void acceptNewRecordsTheKeySoStrictAcceptsItNextTime() throws Exception {
    Path knownHosts = dir.resolve("ssh/accept_new_known_hosts");
    assertConnects(host(knownHosts, HostKeyPolicy.ACCEPT_NEW));
    String recorded = Files.readString(knownHosts);
    assertTrue(recorded.contains("[127.0.0.1]:" + server.port() + " ssh-ed25519 "), recorded);
    assertConnects(host(knownHosts, HostKeyPolicy.STRICT));
  }

  /**
   * A known_hosts that cannot be read must not make every host a new one: under accept-new that
   * would accept any key, a changed one included.
   */
  @Test
  void anUnreadableKnownHostsRefusesTheHostEvenUnderAcceptNew() throws Exception {
    Path knownHosts = Files.createDirectory(dir.resolve("known_hosts_that_is_a_directory"));
    TransportException e =
        assertThrows(
            TransportException.class,
            () -> connector.connect(host(knownHosts, HostKeyPolicy.ACCEPT_NEW)));
    assertTrue(e.getMessage().startsWith("web7: cannot read " + knownHosts), e.getMessage());
    assertFalse(e.retryable());
  }

  @Test
  void changedHostKeyFailsOnceWithFingerprintAndKnownHostsLineEvenUnderAcceptNew()
      throws Exception {
    Path knownHosts = Files.createTempFile(dir, "known", "");
    String staleLine =
        "[127.0.0.1]:"
            + server.port()
            + " "
            + org.apache.sshd.common.config.keys.PublicKeyEntry.toString(
                KeyUtils.generateKeyPair("ssh-ed25519", 256).getPublic());
    Files.writeString(knownHosts, "# first line\n" + staleLine + "\n");
    int before = server.sessions.get();
    TransportException e =
        assertThrows(
            TransportException.class,
            () -> connector.connect(host(knownHosts, HostKeyPolicy.ACCEPT_NEW)));
    String offered = KeyUtils.getFingerPrint(server.hostKey.getPublic());
    assertEquals(
        "web7: host key changed: offered "
            + offered
            + " ; "
            + knownHosts.getFileName()
            + " line 2: "
            + staleLine,
        e.getMessage());
    assertFalse(e.retryable());
    assertEquals(1, server.sessions.get() - before, "a host key mismatch was retried");
    assertEquals("# first line\n" + staleLine + "\n", Files.readString(knownHosts));
  }

  @Test
  void rejectedLoginIsNotRetried() throws Exception {
    Path stranger = TestKeys.generate(Files.createTempDirectory(dir, "k"), "ecdsa", "");
    Path knownHosts = Files.createTempFile(dir, "known", "");
    server.writeKnownHosts(knownHosts);
    int before = server.sessions.get();
    Host host = TestKeys.host("web7", server.port(), stranger, knownHosts);
    TransportException e = assertThrows(TransportException.class, () -> connector.connect(host));
    assertTrue(
        e.getMessage().startsWith("web7: authentication rejected for deploy@127.0.0.1:"),
        e.getMessage());
    assertFalse(e.retryable());
    assertEquals(1, server.sessions.get() - before, "a rejected login was retried");
  }

  @Test
  void encryptedKeyTakesItsPassphraseFromTheNamedVariable() throws Exception {
    Path locked = TestKeys.generate(Files.createTempDirectory(dir, "k"), "ed25519", "s3cret pass");
    try (TestServer own = TestServer.start(TestKeys.pub(locked), false, null)) {
      Path knownHosts = Files.createTempFile(dir, "known", "");
      own.writeKnownHosts(knownHosts);
      Host base = TestKeys.host("web8", own.port(), locked, knownHosts);
      var s = base.ssh();
      var withEnv =
          new dev.fleet.inventory.SshSettings(
              s.user(), s.port(), s.identityFile(), s.knownHosts(), s.hostKeyPolicy(), null,
              false, s.connectTimeout(), false, "FLEET_KEY_PASS", null, 0);
      Host host = new Host("web8", "127.0.0.1", List.of(), withEnv, null);
      try (SshConnector good =
              new SshConnector(TestKeys.fastOptions(), Map.of("FLEET_KEY_PASS", "s3cret pass")::get);
          Connection c = good.connect(host)) {
        assertTrue(c.run(RemoteCommand.of("probe", "true"), TEN_SECONDS).ok());
      }
      try (SshConnector unset = new SshConnector(TestKeys.fastOptions(), name -> null)) {
        TransportException e = assertThrows(TransportException.class, () -> unset.connect(host));
        assertTrue(e.getMessage().contains("FLEET_KEY_PASS is not set"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"));
      }
    }
  }

  /**
   * connect_timeout bounds the whole connect: a peer that accepts TCP and then says nothing uses it
   * all in the first try, and no second try starts once it has passed (tries used to get the whole
   * timeout each, and a silent peer cost three of them plus the pauses between).
   */
  @Test
  void aSilentServerCostsOneTryWithinConnectTimeout() throws Exception {
    List<Socket> accepted = new CopyOnWriteArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    accepted.add(silent.accept());
                  }
                } catch (Exception closed) {
                  // test over
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      var s = TestKeys.host("web9", silent.getLocalPort(), key, dir.resolve("none")).ssh();
      // The connect timeout is what is tested: a server that never speaks is given up on at it.
      var quick =
          new dev.fleet.inventory.SshSettings(
              s.user(), s.port(), s.identityFile(), s.knownHosts(), s.hostKeyPolicy(), null,
              false, Duration.ofMillis(400));
      Host host = new Host("web9", "127.0.0.1", List.of(), quick, null);
      TransportException e = assertThrows(TransportException.class, () -> connector.connect(host));
      assertTrue(e.retryable());
      assertTrue(e.getMessage().startsWith("web9: cannot connect to deploy@127.0.0.1:"), e.getMessage());
      // The backlog is accepted in order: once this sentinel is, every try fleet made was too.
      try (Socket sentinel = new Socket(InetAddress.getLoopbackAddress(), silent.getLocalPort())) {
        long hang = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (accepted.stream().noneMatch(a -> a.getPort() == sentinel.getLocalPort())) {
          assertTrue(System.nanoTime() < hang, "the sentinel was never accepted");
          Thread.sleep(10);
        }
        assertEquals(2, accepted.size(), "one try by fleet, then the sentinel");
      }
    } finally {
      for (Socket socket : accepted) {
        socket.close();
      }
    }
  }

  /** The options try twice; a host's own ssh.connect_attempts decides for that host instead. */
  @Test
  void aHostsConnectAttemptsDecideHowOftenARefusedConnectIsTried() throws Exception {
    try (TcpProxy relay = new TcpProxy(server.port())) {
      Path knownHosts = dir.resolve("relay_known_hosts");
      relay.outageFor(3);
      try (Connection c = connector.connect(throughRelay(relay, knownHosts, 4))) {
        assertTrue(c.run(RemoteCommand.of("probe", "true"), TEN_SECONDS).ok());
      }
      assertEquals(3, relay.refused.get(), "three refused, the fourth try relayed");

      relay.outageFor(3);
      TransportException e =
          assertThrows(TransportException.class, () -> connector.connect(throughRelay(relay, knownHosts, 3)));
      assertTrue(e.retryable(), e.getMessage());
      assertEquals(6, relay.refused.get(), "three tries, each refused, and no fourth");
    }
  }

  private static Host throughRelay(TcpProxy relay, Path knownHosts, int attempts) {
    var s = TestKeys.host("web8", relay.port(), key, knownHosts).ssh();
    var ssh =
        new dev.fleet.inventory.SshSettings(
            s.user(), s.port(), s.identityFile(), knownHosts, HostKeyPolicy.ACCEPT_NEW, null, false,
            s.connectTimeout(), false, null, null, attempts);
    return new Host("web8", "127.0.0.1", List.of(), ssh, null);
  }
}
