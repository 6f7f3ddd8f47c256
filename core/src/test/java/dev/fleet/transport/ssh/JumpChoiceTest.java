package dev.fleet.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.inventory.Host;
import dev.fleet.inventory.HostKeyPolicy;
import dev.fleet.inventory.SshSettings;
import dev.fleet.transport.Connection;
import dev.fleet.transport.RemoteCommand;
import dev.fleet.transport.TransportException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Whether a host is dialled through a jump host: the inventory's ssh.jump, else ~/.ssh/config's
 * ProxyJump; {@code none} in either dials directly, as OpenSSH's {@code ProxyJump none} and
 * {@code ssh -J none} do.
 */
class JumpChoiceTest {
  private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

  /** Every host but web9 goes through bastion; web9 is the bastion, so it goes directly. */
  private static final String SSH_CONFIG =
      """
      Host web9
        ProxyJump none
      Host web*
        ProxyJump bastion.example:2222
      """;

  @TempDir static Path dir;
  static Path key;
  static Path config;

  @BeforeAll
  static void files() throws Exception {
    key = TestKeys.generate(dir, "ed25519", "");
    config = Files.writeString(dir.resolve("ssh_config"), SSH_CONFIG);
  }

  /** host (and its address, which ssh_config matches) | inventory ssh.jump ("-" unset) | jump used ("-": direct) | first hop dialled */
  @ParameterizedTest(name = "{0} with jump {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      textBlock =
          """
          web1 | -             | bastion.example:2222 | bastion.example:2222
          web1 | none          | -                    | -
          web1 | jump2:2200    | jump2:2200           | jump2:2200
          web9 | -             | -                    | -
          web9 | jump2         | jump2                | jump2:22
          db1  | -             | -                    | -
          db1  | none          | -                    | -
          """)
  void theInventoryDecidesThenSshConfigAndNoneMeansDirect(
      String name, String jump, String expected, String firstHop) throws Exception {
    TargetPlanner planner = new TargetPlanner(new HostNames(config), new KeyFiles(Map.<String, String>of()::get));

    ConnectTarget target = planner.plan(host(name, name, 22, jump));

    assertEquals(expected, target.jump());
    assertEquals(firstHop, target.hops().isEmpty() ? null : target.hops().get(0).toString());
  }

  /**
   * Apache SSHD resolves each hop itself, through HostNames: the OpenSSH idiom of a bastion whose
   * own entry says ProxyJump none must not make "none" a hop.
   */
  @Test
  void aHopWhoseSshConfigSaysProxyJumpNoneIsDialledDirectly() throws Exception {
    HostNames names = new HostNames(config);

    assertEquals(null, names.resolveEffectiveHost("web9", 0, null, null, null, null).getProxyJump());
    assertEquals("bastion.example:2222", names.resolve("web1", 0, null).getProxyJump());
  }

  /** A real connect: ~/.ssh/config sends every host through a port where nothing listens. */
  @Test
  void aHostWithJumpNoneConnectsDirectlyWhateverSshConfigSays() throws Exception {
    TestServer server = TestServer.start(TestKeys.pub(key), true, null);
    Path knownHosts = dir.resolve("known_hosts");
    server.writeKnownHosts(knownHosts);
    Path deadJump = Files.writeString(dir.resolve("dead_jump_config"), "Host *\n  ProxyJump root@127.0.0.1:1\n");
    try (server;
        SshConnector connector = new SshConnector(TestKeys.fastOptions().withSshConfig(deadJump))) {
      Host direct = host("web1", "127.0.0.1", server.port(), SshSettings.NO_JUMP, knownHosts);
      try (Connection c = connector.connect(direct)) {
        assertTrue(c.run(RemoteCommand.of("probe", "true"), TEN_SECONDS).ok());
      }
      Host viaConfig = host("web1", "127.0.0.1", server.port(), null, knownHosts);
      TransportException e = assertThrows(TransportException.class, () -> connector.connect(viaConfig));
      assertTrue(e.getMessage().contains("via root@127.0.0.1:1"), e.getMessage());
    }
  }

  private static Host host(String name, String address, int port, String jump) {
    return host(name, address, port, jump, dir.resolve("no_known_hosts"));
  }

  private static Host host(String name, String address, int port, String jump, Path knownHosts) {
    SshSettings ssh =
        new SshSettings("deploy", port, key, knownHosts, HostKeyPolicy.STRICT, jump, false, TEN_SECONDS);
    return new Host(name, address, List.of(), ssh, null);
  }
}
