package dev.fleet.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fleet.inventory.Host;
import dev.fleet.inventory.HostKeyPolicy;
import dev.fleet.sandbox.SandboxFleet;
import dev.fleet.sandbox.SandboxHost;
import dev.fleet.testing.HostFacts;
import dev.fleet.testing.RealFleet;
import dev.fleet.testing.RealFleetTest;
import dev.fleet.transport.Connection;
import dev.fleet.transport.RemoteCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real OpenSSH host whose sshd has no sftp subsystem: fleet needs none, the binary reaches the
 * host as a command's stdin and lands intact, as root and as deploy through sudo. Checked through
 * the host's namespaces, not through SSH.
 */
@RealFleetTest
class SshNoSftpHostTest {
  @RegisterExtension
  static final RealFleet fleet = RealFleet.withHosts(1).withoutSftp();

  @TempDir static Path dir;
  static Path payload;
  static String payloadDigest;
  static SshConnector connector;
  private static final String RECEIVE = "cat > \"$1\"";
  private static final Duration MINUTE = Duration.ofMinutes(1);

  @BeforeAll
  static void makePayload() throws Exception {
    // ~2 MB of random bytes: several channel windows, and any byte value a shell could mangle.
    byte[] bytes = new byte[2 * 1024 * 1024 + 123];
    new Random(4).nextBytes(bytes);
    payload = Files.write(dir.resolve("nginx-new"), bytes);
    payloadDigest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    connector = new SshConnector(TestKeys.fastOptions());
  }

  @AfterAll
  static void closeConnector() {
    connector.close();
  }

  private static Host web1As(String user) {
    SandboxFleet sandbox = fleet.sandbox();
    SandboxHost web1 = sandbox.host("web1");
    return TestKeys.host(
        "web1", web1.address(), web1.sshPort(), user, sandbox.clientKey(), sandbox.knownHosts(),
        HostKeyPolicy.STRICT, !user.equals("root"));
  }

  @Test
  void rootInputWithoutSftpLandsIntact() throws Exception {
    try (Connection c = connector.connect(web1As("root"))) {
      assertEquals(0, c.run(RemoteCommand.privileged("stage", RECEIVE, "/usr/sbin/.nginx.fleet-new"), payload, MINUTE).exitStatus());
    }
    assertEquals(payloadDigest, HostFacts.sha256(fleet.host("web1"), "/usr/sbin/.nginx.fleet-new"));
  }

  @Test
  void deployInputGoesThroughSudoAndLandsIntactAsRoot() throws Exception {
    String target = "/usr/sbin/.nginx.fleet-deploy";
    try (Connection c = connector.connect(web1As("deploy"))) {
      assertEquals(0, c.run(RemoteCommand.privileged("stage", RECEIVE, target), payload, MINUTE).exitStatus());
      String owner =
          c.run(RemoteCommand.of("owner", "stat -c %U \"$1\"", target), Duration.ofSeconds(10))
              .stdout()
              .strip();
      assertEquals("root", owner, "a privileged upload must be written by root");
    }
    assertEquals(payloadDigest, HostFacts.sha256(fleet.host("web1"), target));
  }

  @Test
  void unprivilegedDeployInputWritesAsDeploy() throws Exception {
    String target = "/tmp/fleet-upload";
    try (Connection c = connector.connect(web1As("deploy"))) {
      assertEquals(0, c.run(RemoteCommand.of("receive", RECEIVE, target), payload, MINUTE).exitStatus());
    }
    SandboxHost web1 = fleet.host("web1");
    assertEquals(payloadDigest, HostFacts.sha256(web1, target));
    assertEquals("deploy", web1.exec("stat", "-c", "%U", target).stdout().strip());
  }
}
