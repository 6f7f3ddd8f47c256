package dev.fleet.cli;

import static dev.fleet.testing.HostFacts.exists;
import static dev.fleet.testing.HostFacts.runningDigest;
import static dev.fleet.testing.HostFacts.sha256;
import static dev.fleet.testing.HostFacts.soleMaster;
import static dev.fleet.testing.HostFacts.workersOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.fleet.inventory.UpgradeOverrides;
import dev.fleet.inventory.UpgradeSetting;
import dev.fleet.nginx.NginxSsh;
import dev.fleet.nginx.UpgradeOutcome;
import dev.fleet.nginx.step.NewBinary;
import dev.fleet.rollout.RolloutListener;
import dev.fleet.rollout.RolloutResult;
import dev.fleet.rollout.RunController;
import dev.fleet.sandbox.HttpLoad;
import dev.fleet.sandbox.HttpLoadStats;
import dev.fleet.sandbox.NginxBinaries;
import dev.fleet.sandbox.SandboxHost;
import dev.fleet.testing.RealFleet;
import dev.fleet.testing.RealFleetTest;
import dev.fleet.transport.ssh.SshConnector;
import dev.fleet.transport.ssh.SshOptions;
import dev.fleet.transport.ssh.TcpProxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The network goes away while a host has both masters up and stays away longer than the reconnect
 * window: the run ends needing attention (exit 3) with the host left half-way, and once the network
 * is back `fleet resume` brings it to a safe state and ends the run as its policy says: every host
 * on one master running the binary on its disk, no request failed, and nobody touched a host.
 */
@RealFleetTest
class OutageResumeTest {

  @RegisterExtension static final RealFleet fleet = RealFleet.withHosts(2);

  @TempDir Path dir;

  @Test
  void anOutageLongerThanTheReconnectWindowEndsNeedingAttentionAndResumeConverges() throws Exception {
    Path binary = NginxBinaries.changedCopy(fleet.sandbox().dir().resolve("nginx-outage-resume-" + System.nanoTime()), "outage-resume");
    String fresh = NewBinary.of(binary).sha256();
    SandboxHost canary = fleet.hosts().get(0);
    HttpLoad load = new HttpLoad(fleet.sandbox().healthUrls()).start();
    try (TcpProxy relay = new TcpProxy(canary.address(), canary.sshPort())) {
      Path inventory = inventoryReaching(canary.name(), relay);
      // The outage starts on the canary's thread once its new master is up, before the next step:
      // at that moment it has two masters, whatever the scheduling.
      RolloutListener outage =
          new RolloutListener() {
            @Override
            public void stepSucceeded(String host, String step, Duration took) {
              if (host.equals(canary.name()) && step.equals("start-new-master")) {
                relay.down();
              }
            }
          };
      // The reconnect window is the subject: short, and it runs out while the relay is down.
      UpgradeOverrides flags =
          UpgradeOverrides.none().with(UpgradeSetting.BINARY, binary.toString()).with(UpgradeSetting.BATCHES, "1,100%").with(UpgradeSetting.PARALLEL, "2").with(UpgradeSetting.SOAK, "1s").with(UpgradeSetting.RECONNECT_WINDOW, "2s");
      RolloutResult ended;
      try (SshConnector connector = NginxSsh.connector(SshOptions.defaults().withSshConfig(null).withAgent(false))) {
        ended =
            new RunController(connector, outage)
                .upgrade(new RunController.Request(inventory, flags, null, false), plan -> true)
                .result();
      }

      assertEquals(ExitCode.NEEDS_ATTENTION, ExitCode.of(ended), ended.toString());
      assertEquals(
          UpgradeOutcome.Status.NEEDS_ATTENTION,
          ended.outcomes().stream().filter(o -> o.host().equals(canary.name())).findFirst().orElseThrow().status(),
          ended.toString());
      assertEquals(2, canary.masterPids().size(), "the outage left the canary with both masters up");

      relay.up();
      CliRun resumed = CliRun.of("resume", inventory.toString());
      HttpLoadStats stats = load.stop();

      assertEquals(ExitCode.OK, resumed.exit(), resumed.out() + resumed.err());
      for (SandboxHost host : fleet.hosts()) {
        long master = soleMaster(host);
        assertEquals(fresh, runningDigest(host), host.name() + ": running");
        assertEquals(fresh, sha256(host, "/usr/sbin/nginx"), host.name() + ": disk");
        assertEquals(2, workersOf(host, master), host.name() + ": workers");
        assertFalse(exists(host, "/usr/sbin/.nginx.fleet-new"), host.name() + ": staged file left");
      }
      assertEquals(0, stats.failed(), stats.toString());
      System.out.printf("outage past the reconnect window, resumed: %d HTTP requests, %d failed%n", stats.sent(), stats.failed());
    } finally {
      load.stop();
    }
  }

  /**
   * The budget is breached and the rollback policy reverts an upgraded host; the network goes away
   * while that revert has both masters up. Resume finishes the revert, and the run ends halted as
   * the breach said: the hosts back on what they ran before.
   */
  @Test
  void aRevertCutOffHalfWayIsFinishedByResumeAndTheRunEndsHalted() throws Exception {
    Path binary = NginxBinaries.changedCopy(fleet.sandbox().dir().resolve("nginx-revert-cut-" + System.nanoTime()), "revert-cut");
    SandboxHost reverted = fleet.hosts().get(0);
    SandboxHost failing = fleet.hosts().get(1);
    java.util.List<String> before = fleet.hosts().stream().map(h -> runningDigest(h)).toList();
    HttpLoad load = new HttpLoad(fleet.sandbox().healthUrls()).start();
    try (TcpProxy relay = new TcpProxy(reverted.address(), reverted.sshPort())) {
      Path inventory = inventoryReaching(reverted.name(), relay);
      // No nginx answers 599: the second host fails, which breaches a budget of 0.
      withNginx(inventory, failing.name(), Map.of("health_status", 599));
      java.util.concurrent.atomic.AtomicBoolean reverting = new java.util.concurrent.atomic.AtomicBoolean();
      RolloutListener outage =
          new RolloutListener() {
            @Override
            public void revertStarted(dev.fleet.inventory.Host host) {
              reverting.set(host.name().equals(reverted.name()));
            }

            @Override
            public void stepSucceeded(String host, String step, Duration took) {
              if (reverting.get() && host.equals(reverted.name()) && step.equals("start-new-master")) {
                relay.down();
              }
            }
          };
      // One batch, one host at a time: the first is upgraded before the second fails.
      UpgradeOverrides flags =
          UpgradeOverrides.none().with(UpgradeSetting.BINARY, binary.toString()).with(UpgradeSetting.BATCHES, "100%").with(UpgradeSetting.PARALLEL, "1").with(UpgradeSetting.MAX_FAILURES, "0").with(UpgradeSetting.SOAK, "1s").with(UpgradeSetting.RECONNECT_WINDOW, "2s").with(UpgradeSetting.ROLLBACK, "batch");
      RolloutResult ended;
      try (SshConnector connector = NginxSsh.connector(SshOptions.defaults().withSshConfig(null).withAgent(false))) {
        ended =
            new RunController(connector, outage)
                .upgrade(new RunController.Request(inventory, flags, null, false), plan -> true)
                .result();
      }

      assertEquals(ExitCode.NEEDS_ATTENTION, ExitCode.of(ended), ended.toString());
      assertEquals(UpgradeOutcome.Status.NEEDS_ATTENTION, ended.reverted().get(0).status(), ended.toString());
      assertEquals(2, reverted.masterPids().size(), "the outage left the revert with both masters up");

      relay.up();
      CliRun resumed = CliRun.of("resume", inventory.toString());
      HttpLoadStats stats = load.stop();

      assertEquals(ExitCode.HALTED, resumed.exit(), resumed.out() + resumed.err());
      for (int i = 0; i < fleet.hosts().size(); i++) {
        SandboxHost host = fleet.hosts().get(i);
        long master = soleMaster(host);
        assertEquals(before.get(i), runningDigest(host), host.name() + ": running what it ran before");
        assertEquals(before.get(i), sha256(host, "/usr/sbin/nginx"), host.name() + ": disk");
        assertEquals(2, workersOf(host, master), host.name() + ": workers");
      }
      assertEquals(0, stats.failed(), stats.toString());
      System.out.printf("revert cut off half-way, resumed: %d HTTP requests, %d failed%n", stats.sent(), stats.failed());
    } finally {
      load.stop();
    }
  }

  /** Adds {@code settings} to {@code host}'s nginx settings in {@code file}. */
  @SuppressWarnings("unchecked")
  private static void withNginx(Path file, String host, Map<String, Object> settings) throws Exception {
    YAMLMapper yaml = new YAMLMapper();
    Map<String, Object> inventory = yaml.readValue(file.toFile(), Map.class);
    Map<String, Object> groups = (Map<String, Object>) inventory.get("groups");
    Map<String, Object> hosts = (Map<String, Object>) ((Map<String, Object>) groups.get("sandbox")).get("hosts");
    Map<String, Object> entry = (Map<String, Object>) hosts.get(host);
    Map<String, Object> nginx = new java.util.LinkedHashMap<>((Map<String, Object>) entry.getOrDefault("nginx", Map.of()));
    nginx.putAll(settings);
    entry.put("nginx", nginx);
    yaml.writeValue(file.toFile(), inventory);
  }

  /**
   * The sandbox inventory, written beside the test's own state, with {@code host} reached through
   * the relay; its host key is learnt on first sight, in a file of the test's.
   */
  @SuppressWarnings("unchecked")
  private Path inventoryReaching(String host, TcpProxy relay) throws Exception {
    YAMLMapper yaml = new YAMLMapper();
    Map<String, Object> inventory = yaml.readValue(fleet.inventoryFile().toFile(), Map.class);
    Map<String, Object> groups = (Map<String, Object>) inventory.get("groups");
    Map<String, Object> hosts = (Map<String, Object>) ((Map<String, Object>) groups.get("sandbox")).get("hosts");
    Map<String, Object> entry = (Map<String, Object>) hosts.get(host);
    entry.put("address", "127.0.0.1");
    entry.put(
        "ssh",
        Map.of(
            "port", relay.port(),
            "host_key_policy", "accept-new",
            "known_hosts", dir.resolve("known_hosts").toString()));
    Path file = dir.resolve("inventory.yml");
    yaml.writeValue(file.toFile(), inventory);
    return file;
  }
}
