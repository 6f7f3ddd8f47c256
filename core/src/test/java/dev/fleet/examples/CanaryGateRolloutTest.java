package dev.fleet.examples;

import static dev.fleet.examples.HookInventory.sh;
import static dev.fleet.testing.HostFacts.runningDigest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.inventory.UpgradeOverrides;
import dev.fleet.inventory.UpgradeSetting;
import dev.fleet.nginx.NginxSsh;
import dev.fleet.nginx.UpgradeOutcome;
import dev.fleet.nginx.step.NewBinary;
import dev.fleet.rollout.RolloutListener;
import dev.fleet.rollout.RolloutResult;
import dev.fleet.rollout.RunController;
import dev.fleet.sandbox.HttpLoad;
import dev.fleet.sandbox.NginxBinaries;
import dev.fleet.sandbox.SandboxHost;
import dev.fleet.testing.RealFleet;
import dev.fleet.testing.RealFleetTest;
import dev.fleet.transport.ssh.SshConnector;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * inventory-examples/hooks/canary-judge.sh as the after_batch gate of real rollouts, judging the
 * access logs of real sandbox hosts under HTTP load. The faulty canary gets a new configuration
 * on disk whose /app answers 500: its running master keeps the old one, the upgraded master reads
 * the new one, and the health check (which asks /) still passes, so only the gate can catch it.
 */
@RealFleetTest
class CanaryGateRolloutTest {
  @RegisterExtension static final RealFleet fleet = RealFleet.withHosts(4);

  private static final String APP_OK = "location = /app { default_type text/plain; return 200 \"app\\n\"; }";
  private static final String APP_BROKEN = "location = /app { default_type text/plain; return 500 \"broken\\n\"; }";

  private Path binary;
  private Map<String, String> before;

  @BeforeAll
  static void everyHostLogsItsRequestsAndServesApp() throws Exception {
    for (SandboxHost host : fleet.hosts()) {
      Path conf = conf(host);
      String text = Files.readString(conf).replace("access_log off;", "access_log /var/log/nginx/access.log;");
      Files.writeString(conf, text.replace("location / {", APP_OK + "\n    location / {"));
      reload(host);
    }
  }

  @BeforeEach
  void freshBinary() throws Exception {
    binary = NginxBinaries.changedCopy(fleet.sandbox().dir().resolve("nginx-" + System.nanoTime()), "gate-" + System.nanoTime());
    before = new HashMap<>();
    fleet.hosts().forEach(h -> before.put(h.name(), runningDigest(h)));
  }

  @AfterEach
  void canaryServesAppAgain() throws Exception {
    SandboxHost web1 = fleet.host("web1");
    Files.writeString(conf(web1), Files.readString(conf(web1)).replace(APP_BROKEN, APP_OK));
    reload(web1);
  }

  @Test
  void aCanaryWhoseNewConfigurationAnswersErrorsFailsTheGateAndIsRolledBackAlone() throws Exception {
    SandboxHost web1 = fleet.host("web1");
    Files.writeString(conf(web1), Files.readString(conf(web1)).replace(APP_OK, APP_BROKEN));
    assertEquals("200", appStatus(web1), "the running master still has the old configuration");

    RunController.Outcome outcome = upgradeUnderLoad("bad-canary");

    RolloutResult result = outcome.result();
    assertEquals(RolloutResult.Status.HALTED, result.status(), result.toString());
    assertEquals(List.of("web1"), result.outcomes().stream().map(UpgradeOutcome::host).toList(), result.toString());
    assertEquals(List.of("web2", "web3", "web4"), result.notReached(), "nobody else was touched");
    assertEquals(before, digests(), "the canary runs its old binary again, the others never left theirs");
    String hooksLog = Files.readString(outcome.runDir().resolve("transcripts/hooks.log"));
    assertTrue(hooksLog.contains("canary-judge: failed: canary (web1)"), hooksLog);
  }

  @Test
  void aHealthyCanaryPassesTheGateAndTheRolloutFinishes() throws Exception {
    RunController.Outcome outcome = upgradeUnderLoad("good-canary");

    RolloutResult result = outcome.result();
    assertEquals(RolloutResult.Status.COMPLETED, result.status(), result.toString());
    String fresh = NewBinary.of(binary).sha256();
    for (SandboxHost host : fleet.hosts()) {
      assertEquals(fresh, runningDigest(host), host.name());
    }
    String hooksLog = Files.readString(outcome.runDir().resolve("transcripts/hooks.log"));
    assertTrue(hooksLog.contains("canary-judge: passed: canary (web1)"), hooksLog);
    assertTrue(hooksLog.contains("canary-judge: batch 2 is not the canary: passes"), hooksLog);
  }

  private RunController.Outcome upgradeUnderLoad(String name) throws Exception {
    Path hostsDir = fleet.hosts().get(0).dir().getParent();
    String gate =
        "CANARY_ACCESS_LOG=" + sh(hostsDir + "/{host}/fs/var/log/nginx/access.log")
            + " CANARY_MIN_REQUESTS=50 CANARY_WINDOW_TIMEOUT=100 "
            + sh(HookScript.named("canary-judge.sh").path());
    Path inventory = HookInventory.write(fleet.inventoryFile(), fleet.sandbox().dir().resolve(name), Map.of("after_batch", gate), "2m");
    List<URI> apps = fleet.hosts().stream().map(h -> URI.create("http://" + h.address() + "/app")).toList();
    HttpLoad load = new HttpLoad(apps).start();
    try {
      UpgradeOverrides overrides = UpgradeOverrides.none().with(UpgradeSetting.BINARY, binary.toString()).with(UpgradeSetting.BATCHES, "1,100%").with(UpgradeSetting.PARALLEL, "3").with(UpgradeSetting.MAX_FAILURES, "0").with(UpgradeSetting.ROLLBACK, "batch");
      try (SshConnector connector = NginxSsh.connector()) {
        return new RunController(connector, new RolloutListener() {})
            .upgrade(new RunController.Request(inventory, overrides, null, false), plan -> true);
      }
    } finally {
      load.stop();
    }
  }

  private static Path conf(SandboxHost host) {
    return host.dir().resolve("fs/etc/nginx/nginx.conf");
  }

  /** A reload (HUP): same master and binary, the configuration on disk. Waits until it serves it. */
  private static void reload(SandboxHost host) throws Exception {
    assertEquals(0, host.exec("sh", "-c", "kill -HUP \"$(cat /run/nginx.pid)\"").exitStatus());
    String wanted = Files.readString(conf(host)).contains(APP_BROKEN) ? "500" : "200";
    HaproxyDrainScriptTest.await(() -> appStatus(host).equals(wanted));
  }

  private static String appStatus(SandboxHost host) {
    return host.exec("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "http://" + host.address() + "/app").stdout().strip();
  }

  private static Map<String, String> digests() {
    Map<String, String> digests = new HashMap<>();
    fleet.hosts().forEach(h -> digests.put(h.name(), runningDigest(h)));
    return digests;
  }
}
