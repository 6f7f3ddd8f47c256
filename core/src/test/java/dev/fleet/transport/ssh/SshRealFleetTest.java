package dev.fleet.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.inventory.Host;
import dev.fleet.inventory.HostKeyPolicy;
import dev.fleet.inventory.SshSettings;
import dev.fleet.sandbox.SandboxFleet;
import dev.fleet.sandbox.SandboxHost;
import dev.fleet.testing.RealFleet;
import dev.fleet.testing.RealFleetTest;
import dev.fleet.transport.CommandResult;
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
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transport against real OpenSSH hosts of the test fleet: a jump host, known_hosts handling
 * as OpenSSH itself reads it, and the deploy user's sudo.
 */
@RealFleetTest
class SshRealFleetTest {
  private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

  @RegisterExtension static final RealFleet fleet = RealFleet.withHosts(2);

  @TempDir static Path dir;
  static SshConnector connector;

  @BeforeAll
  static void connector() {
    connector = new SshConnector(TestKeys.fastOptions());
  }

  @AfterAll
  static void closeConnector() {
    connector.close();
  }

  private static Host host(String name, String user, Path knownHosts, HostKeyPolicy policy, String jump) {
    SandboxFleet sandbox = fleet.sandbox();
    SandboxHost target = sandbox.host(name);
    SshSettings ssh =
        new SshSettings(
            user, target.sshPort(), sandbox.clientKey(), knownHosts, policy, jump,
            !user.equals("root"), TEN_SECONDS);
    return new Host(name, target.address(), List.of(), ssh, null);
  }

  private static Host host(String name, Path knownHosts, HostKeyPolicy policy) {
    return host(name, "root", knownHosts, policy, null);
  }

  private static String run(Connection c, String script) throws TransportException {
    CommandResult r = c.run(RemoteCommand.of("probe", script), TEN_SECONDS);
    assertTrue(r.ok(), c.host() + ": " + script + ": " + r);
    return r.stdout().strip();
  }

  /**
   * A library's pieces reach the host in the loop's own argv (nothing of them on its stdin), and a
   * script made of them runs as sent whole.
   */
  @Test
  void theShellHoldsItsLibraryFromTheStart() throws Exception {
    String script = "fleet_marker() {\n  printf 'held %s\\n' \"$1\"\n}\nfleet_marker \"$1\"\n";
    // The marker's text joined only where the loop holds it, not in this search's own argv.
    String search =
        "m=fleet_mark; m=\"${m}er() {\"; for f in /proc/[0-9]*/cmdline; do "
            + "case $(tr '\\0' ' ' < \"$f\" 2>/dev/null) in *\"$m\"*) echo holder ;; esac; done";
    try (SshConnector holding = new SshConnector(TestKeys.fastOptions().withShellScripts(List.of(script)));
        Connection c = holding.connect(host("web1", fleet.sandbox().knownHosts(), HostKeyPolicy.STRICT))) {
      CommandResult r = c.run(RemoteCommand.of("held", script, "it's"), TEN_SECONDS);
      assertEquals("held it's", r.stdout().strip(), r.toString());
      assertTrue(run(c, search).contains("holder"), "no process on the host holds the library");
    }
  }

  @Test
  void jumpHostCarriesTheSessionToTheTarget() throws Exception {
    String jump = "root@" + fleet.host("web1").address();
    Host web2 = host("web2", "root", fleet.sandbox().knownHosts(), HostKeyPolicy.STRICT, jump);
    try (Connection c = connector.connect(web2)) {
      assertEquals("web2", run(c, "hostname"));
      // The source address cannot tell (loopback traffic leaves from 127.0.0.1), but while the
      // session lives, web1 holds the login that carries it; no other test is connected now.
      CommandResult onJumpHost = fleet.host("web1").exec("pgrep", "-f", "^sshd: root");
      assertTrue(onJumpHost.ok(), "no session on the jump host web1: " + onJumpHost);
    }
  }

  @Test
  void jumpHostWithoutUserLogsInAsTheLocalUserLikeOpenSsh() throws Exception {
    // This suite runs as root (the sandbox needs it), so root is also the local user name.
    Host web2 =
        host("web2", "root", fleet.sandbox().knownHosts(), HostKeyPolicy.STRICT,
            fleet.host("web1").address());
    try (Connection c = connector.connect(web2)) {
      assertEquals("web2", run(c, "hostname"));
    }
  }

  @Test
  void aBastionThatSshConfigDialsDirectlyCarriesEveryOtherHost() throws Exception {
    // The OpenSSH idiom: every host through the bastion, the bastion itself with ProxyJump none.
    String bastion = fleet.host("web1").address();
    Path config =
        Files.writeString(
            dir.resolve("ssh_config_bastion"),
            "Host " + bastion + "\n  ProxyJump none\nHost *\n  ProxyJump root@" + bastion + "\n");
    try (SshConnector viaConfig = new SshConnector(TestKeys.fastOptions().withSshConfig(config))) {
      Host web2 = host("web2", "root", fleet.sandbox().knownHosts(), HostKeyPolicy.STRICT, null);
      try (Connection c = viaConfig.connect(web2)) {
        assertEquals("web2", run(c, "hostname"));
        CommandResult onJumpHost = fleet.host("web1").exec("pgrep", "-f", "^sshd: root");
        assertTrue(onJumpHost.ok(), "no session on the jump host web1: " + onJumpHost);
      }
    }
  }

  @Test
  void jumpHostKeyIsCheckedToo() throws Exception {
    Path onlyTarget = dir.resolve("known_hosts_without_jump");
    Files.writeString(onlyTarget, lineFor(fleet.host("web2")) + "\n");
    String jump = "root@" + fleet.host("web1").address();
    Host web2 = host("web2", "root", onlyTarget, HostKeyPolicy.STRICT, jump);
    TransportException e = assertThrows(TransportException.class, () -> connector.connect(web2));
    assertFalse(e.retryable());
    assertTrue(
        e.getMessage().startsWith("web2: unknown host key ")
            && e.getMessage().contains(fleet.host("web1").address()),
        e.getMessage());
  }

  @Test
  void strictRefusesAHostMissingFromKnownHosts() throws Exception {
    Path onlyWeb1 = dir.resolve("known_hosts_web1");
    Files.writeString(onlyWeb1, lineFor(fleet.host("web1")) + "\n");
    TransportException e =
        assertThrows(
            TransportException.class,
            () -> connector.connect(host("web2", onlyWeb1, HostKeyPolicy.STRICT)));
    assertFalse(e.retryable());
    assertTrue(e.getMessage().startsWith("web2: unknown host key SHA256:"), e.getMessage());
    assertEquals(lineFor(fleet.host("web1")) + "\n", Files.readString(onlyWeb1));
  }

  @Test
  void acceptNewWritesALineThatOpenSshFinds() throws Exception {
    Path knownHosts = dir.resolve("accept_new/known_hosts");
    SandboxHost web2 = fleet.host("web2");
    try (Connection c = connector.connect(host("web2", knownHosts, HostKeyPolicy.ACCEPT_NEW))) {
      assertEquals("web2", run(c, "hostname"));
    }
    CommandResult found =
        LocalCommand.run("ssh-keygen", "-F", web2.address(), "-f", knownHosts.toString());
    assertTrue(found.ok() && found.stdout().contains(keyOf(web2)), found.toString());
    // and OpenSSH itself trusts it strictly
    List<String> ssh = new java.util.ArrayList<>(fleet.sandbox().sshCommand(web2, "root"));
    ssh.replaceAll(arg -> arg.startsWith("UserKnownHostsFile=") ? "UserKnownHostsFile=" + knownHosts : arg);
    ssh.add("hostname");
    assertEquals("web2", LocalCommand.run(ssh.toArray(String[]::new)).stdout().strip());
  }

  @Test
  void changedHostKeyIsRefusedWithTheOfferedFingerprint() throws Exception {
    // web2's address with web1's key: exactly what a reinstalled or impostor host looks like.
    SandboxHost web2 = fleet.host("web2");
    String stale = web2.address() + " " + keyOf(fleet.host("web1"));
    Path knownHosts = dir.resolve("known_hosts_stale");
    Files.writeString(knownHosts, stale + "\n");
    TransportException e =
        assertThrows(
            TransportException.class,
            () -> connector.connect(host("web2", knownHosts, HostKeyPolicy.ACCEPT_NEW)));
    assertFalse(e.retryable());
    String offered = LocalCommand.run("ssh-keygen", "-l", "-f", pubKeyFile(web2)).stdout().split(" ")[1];
    assertEquals(
        "web2: host key changed: offered " + offered + " ; known_hosts_stale line 1: " + stale,
        e.getMessage());
    assertEquals(stale + "\n", Files.readString(knownHosts), "a changed key must never be recorded");
  }

  @Test
  void deployRunsPrivilegedCommandsAsRootThroughSudo() throws Exception {
    Host web1 = host("web1", "deploy", fleet.sandbox().knownHosts(), HostKeyPolicy.STRICT, null);
    try (Connection c = connector.connect(web1)) {
      assertEquals("deploy", run(c, "id -un"));
      CommandResult r = c.run(RemoteCommand.privileged("uid", "id -u; id -un"), TEN_SECONDS);
      assertEquals(0, r.exitStatus(), r.toString());
      assertEquals("0\nroot", r.stdout().strip());
    }
  }

  @Test
  void agentAloneAuthenticatesWhenNoIdentityFileIsGiven() throws Exception {
    SandboxHost web1 = fleet.host("web1");
    SshSettings noKey =
        new SshSettings(
            "root", web1.sshPort(), null, fleet.sandbox().knownHosts(), HostKeyPolicy.STRICT,
            null, false, TEN_SECONDS);
    Host host = new Host("web1", web1.address(), List.of(), noKey, null);
    try (TestAgent agent = TestAgent.start(dir.resolve("agent.sock"))) {
      agent.add(fleet.sandbox().clientKey());
      Map<String, String> env = Map.of("SSH_AUTH_SOCK", agent.socket());
      try (SshConnector viaAgent =
              new SshConnector(TestKeys.fastOptions().withAgent(true), env::get);
          Connection c = viaAgent.connect(host)) {
        assertEquals("web1", run(c, "hostname"));
      }
    }
  }

  /** The host's public key as written in a known_hosts line: {@code ssh-ed25519 AAAA...}. */
  static String keyOf(SandboxHost host) throws Exception {
    String[] fields = Files.readString(Path.of(pubKeyFile(host))).strip().split(" ");
    return fields[0] + " " + fields[1];
  }

  private static String pubKeyFile(SandboxHost host) {
    return host.dir().resolve("fs/etc/ssh/ssh_host_ed25519_key.pub").toString();
  }

  private static String lineFor(SandboxHost host) throws Exception {
    return host.address() + " " + keyOf(host);
  }
}
