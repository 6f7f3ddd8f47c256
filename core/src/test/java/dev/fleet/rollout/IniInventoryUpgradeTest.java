package dev.fleet.rollout;

import static dev.fleet.testing.HostFacts.runningDigest;
import static dev.fleet.testing.HostFacts.sha256;
import static dev.fleet.testing.HostFacts.soleMaster;
import static dev.fleet.testing.HostFacts.workersOf;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fleet.inventory.Host;
import dev.fleet.inventory.Inventory;
import dev.fleet.inventory.InventoryLoader;
import dev.fleet.inventory.UpgradeOverrides;
import dev.fleet.nginx.NginxSsh;
import dev.fleet.nginx.UpgradeOutcome;
import dev.fleet.nginx.step.NewBinary;
import dev.fleet.sandbox.HttpLoad;
import dev.fleet.sandbox.HttpLoadStats;
import dev.fleet.sandbox.NginxBinaries;
import dev.fleet.sandbox.SandboxFleet;
import dev.fleet.sandbox.SandboxHost;
import dev.fleet.testing.RealFleet;
import dev.fleet.testing.RealFleetTest;
import dev.fleet.transport.ssh.SshConnector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An Ansible INI inventory drives a real upgrade: the sandbox's own inventory (YAML, written by
 * InventoryWriter) rewritten the way an Ansible user keeps it, with a deploy user through sudo
 * (ansible_become), group vars, a child group and a host range.
 */
@RealFleetTest
class IniInventoryUpgradeTest {

  @RegisterExtension static final RealFleet fleet = RealFleet.withHosts(3).asDeployWithSudo();

  @Test
  void anIniInventoryUpgradesEveryHostItSelects() throws Exception {
    SandboxFleet sandbox = fleet.sandbox();
    Path binary = NginxBinaries.changedCopy(sandbox.dir().resolve("nginx-ini-" + System.nanoTime()), "ini-" + System.nanoTime());
    Path ini = Files.writeString(sandbox.dir().resolve("hosts.ini"), iniFor(sandbox, binary));

    Inventory fromIni = InventoryLoader.standard().load(ini);
    Inventory fromYaml = InventoryLoader.standard().load(sandbox.inventoryFile());
    for (int i = 0; i < fromYaml.hosts().size(); i++) {
      Host yaml = fromYaml.hosts().get(i);
      Host host = fromIni.hosts().get(i);
      assertEquals(yaml.name() + " " + yaml.address(), host.name() + " " + host.address());
      assertEquals(yaml.ssh(), host.ssh(), "the same login, key, known_hosts and sudo");
      assertEquals(yaml.nginx(), host.nginx(), "the same nginx paths and health URL");
    }
    assertEquals(List.of("sandbox", "later", "prod"), fromIni.hosts().get(2).groups());

    HttpLoad load = new HttpLoad(sandbox.healthUrls()).start();
    RunController.Outcome outcome;
    try (SshConnector connector = NginxSsh.connector()) {
      outcome =
          new RunController(connector, new RolloutListener() {})
              .upgrade(new RunController.Request(ini, UpgradeOverrides.none(), "prod", false), plan -> true);
    }
    HttpLoadStats stats = load.stop();

    RolloutResult result = outcome.result();
    assertEquals(RolloutResult.Status.COMPLETED, result.status(), result.toString());
    assertEquals(3, result.count(UpgradeOutcome.Status.UPGRADED));
    String fresh = NewBinary.of(binary).sha256();
    for (SandboxHost host : fleet.hosts()) {
      long master = soleMaster(host);
      assertEquals(fresh, runningDigest(host), host.name() + ": running binary");
      assertEquals(fresh, sha256(host, "/usr/sbin/nginx"), host.name() + ": binary on disk");
      assertEquals(2, workersOf(host, master), host.name() + ": workers");
    }
    assertEquals(0, stats.failed(), stats.toString());
    System.out.printf("INI inventory: 3 hosts upgraded, %d HTTP requests, %d failed%n", stats.sent(), stats.failed());
  }

  /** What InventoryWriter says in YAML, said in INI; paths quoted as a careful user would. */
  private static String iniFor(SandboxFleet sandbox, Path binary) {
    StringBuilder ini = new StringBuilder();
    ini.append("# The sandbox, as an Ansible inventory\n")
        .append("[all:vars]\n")
        .append("ansible_user=").append(sandbox.spec().loginUser()).append('\n')
        .append("ansible_become=yes\n")
        .append("ansible_ssh_private_key_file=\"").append(sandbox.clientKey()).append("\"\n")
        .append("fleet_ssh={known_hosts: \"").append(sandbox.knownHosts())
        .append("\", host_key_policy: strict, connect_timeout: 10s}\n")
        .append("fleet_nginx={binary: /usr/sbin/nginx, pid_file: /run/nginx.pid, error_log: /var/log/nginx/error.log}\n")
        .append("fleet_upgrade={binary: \"").append(binary)
        .append("\", batches: [1, \"100%\"], parallel: 5, max_failures: 0, soak: 1s}\n\n")
        .append("[sandbox]\n");
    for (SandboxHost host : sandbox.hosts()) {
      ini.append(host.name())
          .append(" ansible_host=").append(host.address())
          .append(" ansible_port=").append(host.sshPort())
          .append(" fleet_nginx='{health_url: \"http://").append(host.address()).append("/\"}'\n");
    }
    String prefix = sandbox.hosts().get(0).name().replaceAll("\\d+$", "");
    ini.append("\n; the hosts after the canary, as a range\n")
        .append("[later]\n")
        .append(prefix).append("[2:").append(sandbox.hosts().size()).append("]\n\n")
        .append("[prod:children]\n")
        .append("sandbox\n")
        .append("later\n");
    return ini.toString();
  }
}
