package dev.fleet.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.fleet.testing.RealFleet;
import dev.fleet.testing.RealFleetTest;
import dev.fleet.transport.CommandResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A started sandbox looks like a real fleet from every side a test looks at. */
@RealFleetTest
class SandboxTest {
  @RegisterExtension static final RealFleet fleet = RealFleet.withHosts(3);

  @Test
  void eachHostRunsOneDaemonizedMasterStartedFromTheAbsoluteBinaryPath() {
    for (SandboxHost host : fleet.hosts()) {
      List<Long> masters = host.masterPids();
      assertEquals(1, masters.size(), host + " masters: " + masters);
      long master = masters.get(0);
      assertEquals(master, host.pidFile().orElseThrow(), host + ": /run/nginx.pid");
      String cmdline = host.exec("cat", "/proc/" + master + "/cmdline").stdout();
      assertEquals("nginx: master process /usr/sbin/nginx", cmdline.replace('\0', ' ').strip(), host.name());
      String workers = host.exec("pgrep", "-P", Long.toString(master), "-f", "^nginx: worker process").stdout();
      assertEquals(2, workers.strip().split("\n").length, host + " workers: " + workers);
    }
  }

  @Test
  void eachHostHasItsOwnHostnameAndSeesOnlyItsOwnProcesses() {
    for (SandboxHost host : fleet.hosts()) {
      assertEquals(host.name(), host.exec("hostname").stdout().strip());
      String processes = host.exec("ps", "-e", "-o", "pid=,comm=").stdout();
      assertTrue(processes.strip().startsWith("1 sshd"), host + " processes: " + processes);
      assertTrue(processes.lines().count() <= 6, host + " sees foreign processes: " + processes);
    }
  }

  @Test
  void rootLogsInWithTheOpenSshClientAndStrictHostKeys() throws Exception {
    for (SandboxHost host : fleet.hosts()) {
      CommandResult result = ssh(host, "root", "hostname; id -u");
      assertEquals(0, result.exitStatus(), host + ": " + result.stderr());
      assertEquals(host.name() + "\n0\n", result.stdout());
    }
  }

  @Test
  void deployLogsInAndHasPasswordlessSudo() throws Exception {
    for (SandboxHost host : fleet.hosts()) {
      CommandResult result = ssh(host, "deploy", "id -un; sudo -n true && echo sudo-ok; sudo -n cat /proc/1/cmdline >/dev/null && echo root-proc-ok");
      assertEquals(0, result.exitStatus(), host + ": " + result.stderr());
      assertEquals("deploy\nsudo-ok\nroot-proc-ok\n", result.stdout(), host + ": " + result.stderr());
    }
  }

  @Test
  void scpUploadsThroughTheSftpSubsystem() throws Exception {
    SandboxHost host = fleet.host("web2");
    List<String> scp = new ArrayList<>(List.of("scp", "-q", "-i", fleet.sandbox().clientKey().toString(),
        "-o", "BatchMode=yes", "-o", "UserKnownHostsFile=" + fleet.sandbox().knownHosts(),
        "-o", "StrictHostKeyChecking=yes", fleet.sandbox().newBinary().toString(),
        "deploy@" + host.address() + ":/tmp/nginx-upload"));
    CommandResult result = run(scp);
    assertEquals(0, result.exitStatus(), result.stderr());
    assertEquals(sha256(host, fleet.sandbox().newBinary().toString()), host.exec("sha256sum", "/tmp/nginx-upload").stdout().split(" ")[0]);
  }

  @Test
  void nginxAnswersOnEachHostsOwnAddressWithItsName() throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofMinutes(1)).build(); // only fails a hang
    for (SandboxHost host : fleet.hosts()) {
      HttpResponse<String> response = client.send(
          HttpRequest.newBuilder(URI.create("http://" + host.address() + "/")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode());
      assertEquals(host.name() + "\n", response.body());
    }
  }

  @Test
  void inventoryPointsAtTheSandboxWithTheProjectKeys() throws Exception {
    JsonNode inventory = new YAMLMapper().readTree(fleet.inventoryFile().toFile());
    JsonNode ssh = inventory.at("/defaults/ssh");
    assertEquals("root", ssh.get("user").asText());
    assertEquals(22, ssh.get("port").asInt());
    assertEquals("strict", ssh.get("host_key_policy").asText());
    assertEquals(false, ssh.get("sudo").asBoolean());
    assertEquals(fleet.sandbox().clientKey().toString(), ssh.get("identity_file").asText());
    assertEquals("/run/nginx.pid", inventory.at("/defaults/nginx/pid_file").asText());
    assertEquals(fleet.sandbox().newBinary().toString(), inventory.at("/upgrade/binary").asText());
    assertEquals("[1,\"100%\"]", inventory.at("/upgrade/batches").toString());
    JsonNode hosts = inventory.at("/groups/sandbox/hosts");
    assertEquals(3, hosts.size());
    for (SandboxHost host : fleet.hosts()) {
      assertEquals(host.address(), hosts.get(host.name()).get("address").asText());
      assertEquals("http://" + host.address() + "/", hosts.get(host.name()).at("/nginx/health_url").asText());
    }
  }

  @Test
  void knownHostsTrustsEachHostsOwnKey() throws Exception {
    List<String> lines = Files.readAllLines(fleet.sandbox().knownHosts());
    assertEquals(3, lines.size());
    for (int i = 0; i < 3; i++) {
      SandboxHost host = fleet.hosts().get(i);
      String hostKey = Files.readString(host.dir().resolve("fs/etc/ssh/ssh_host_ed25519_key.pub")).split(" ")[1];
      assertEquals(host.address() + " ssh-ed25519 " + hostKey, lines.get(i));
    }
    assertNotEquals(lines.get(0).split(" ")[2], lines.get(1).split(" ")[2], "hosts must not share a key");
  }

  @Test
  void newBinaryRunsButHasAnotherChecksum() {
    SandboxHost host = fleet.host("web1");
    String binary = fleet.sandbox().newBinary().toString();
    CommandResult version = host.exec(binary, "-v");
    assertEquals(0, version.exitStatus(), version.stderr());
    assertTrue(version.stderr().contains("nginx version: nginx/"), version.stderr());
    assertNotEquals(sha256(host, "/usr/sbin/nginx"), sha256(host, binary));
  }

  /** The demo's newcomer sees the version change, not only another digest. */
  @Test
  void newBinaryReportsAnotherVersion() {
    SandboxHost host = fleet.host("web1");
    String running = host.exec("/usr/sbin/nginx", "-v").stderr().strip();
    String fresh = host.exec(fleet.sandbox().newBinary().toString(), "-v").stderr().strip();
    assertTrue(running.matches("nginx version: nginx/\\d+\\.\\d+\\.\\d+"), running);
    assertTrue(fresh.matches("nginx version: nginx/\\d+\\.\\d+\\.\\d+"), fresh);
    assertNotEquals(running, fresh);
  }

  @Test
  void aShellWrapperStandsInForABinaryOnTheHost() throws Exception {
    Path wrapper = NginxBinaries.shellWrapper(
        fleet.sandbox().dir().resolve("nginx-fails"), "echo \"broken nginx: $*\" >&2\nexit 1");
    CommandResult result = fleet.host("web3").exec(wrapper.toString(), "-v");
    assertEquals(1, result.exitStatus());
    assertEquals("broken nginx: -v\n", result.stderr());
  }

  private static String sha256(SandboxHost host, String path) {
    return host.exec("sha256sum", path).stdout().split(" ")[0];
  }

  private static CommandResult ssh(SandboxHost host, String user, String command) throws Exception {
    List<String> argv = new ArrayList<>(fleet.sandbox().sshCommand(host, user));
    argv.add(command);
    return run(argv);
  }

  static CommandResult run(List<String> argv) throws Exception {
    Process process = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    var stderr = process.getErrorStream();
    String out = new String(process.getInputStream().readAllBytes());
    String err = new String(stderr.readAllBytes());
    return new CommandResult(process.waitFor(), out, err);
  }
}
