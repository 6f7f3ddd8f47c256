package dev.fleet.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.fleet.testing.RealFleet;
import dev.fleet.testing.RealFleetTest;
import dev.fleet.transport.CommandResult;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A fleet logging in as deploy, on another ssh port, without sftp: the fault-test variant. */
@RealFleetTest
class SandboxOptionsTest {
  @RegisterExtension
  static final RealFleet fleet =
      RealFleet.withHosts(2).asDeployWithSudo().withoutSftp().with(spec -> spec.withSshPort(2222));

  @Test
  void inventoryLogsInAsDeployWithSudoOnTheChosenPort() throws Exception {
    JsonNode ssh = new YAMLMapper().readTree(fleet.inventoryFile().toFile()).at("/defaults/ssh");
    assertEquals("deploy", ssh.get("user").asText());
    assertEquals(true, ssh.get("sudo").asBoolean());
    assertEquals(2222, ssh.get("port").asInt());
  }

  @Test
  void knownHostsNamesTheNonDefaultPort() throws Exception {
    SandboxHost web1 = fleet.host("web1");
    assertTrue(Files.readAllLines(fleet.sandbox().knownHosts()).get(0).startsWith("[" + web1.address() + "]:2222 ssh-ed25519 "));
    CommandResult login = SandboxTest.run(command(fleet.sandbox().sshCommand(web1, "deploy"), "sudo -n id -u"));
    assertEquals(0, login.exitStatus(), login.stderr());
    assertEquals("0\n", login.stdout());
  }

  @Test
  void scpFailsWithoutTheSftpSubsystem() throws Exception {
    SandboxHost web1 = fleet.host("web1");
    List<String> scp = List.of("scp", "-q", "-P", "2222", "-i", fleet.sandbox().clientKey().toString(),
        "-o", "BatchMode=yes", "-o", "UserKnownHostsFile=" + fleet.sandbox().knownHosts(),
        fleet.sandbox().newBinary().toString(), "deploy@" + web1.address() + ":/tmp/upload");

    CommandResult result = SandboxTest.run(scp);

    assertNotEquals(0, result.exitStatus());
    assertEquals(1, web1.exec("test", "-e", "/tmp/upload").exitStatus(), "nothing was uploaded");
  }

  private static List<String> command(List<String> ssh, String remote) {
    List<String> argv = new ArrayList<>(ssh);
    argv.add(remote);
    return argv;
  }
}
