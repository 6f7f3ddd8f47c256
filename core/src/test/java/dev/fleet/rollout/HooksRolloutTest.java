package dev.fleet.rollout;

import static dev.fleet.testing.HostFacts.runningDigest;
import static dev.fleet.testing.HostFacts.soleMaster;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleet.inventory.UpgradeOverrides;
import dev.fleet.inventory.UpgradeSetting;
import dev.fleet.nginx.NginxSsh;
import dev.fleet.nginx.UpgradeOutcome;
import dev.fleet.nginx.step.NewBinary;
import dev.fleet.sandbox.NginxBinaries;
import dev.fleet.sandbox.SandboxHost;
import dev.fleet.testing.HookedInventory;
import dev.fleet.testing.RealFleet;
import dev.fleet.testing.RealFleetTest;
import dev.fleet.transport.ssh.SshConnector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code upgrade.hooks} on four real hosts. Each hook writes what it was told to a file in the
 * inventory's directory, which the test reads afterwards: no timing, only what happened.
 */
@RealFleetTest
class HooksRolloutTest {

  @RegisterExtension static final RealFleet fleet = RealFleet.withHosts(4);

  private static final String LOG_HOST = "echo \"$FLEET_HOST $FLEET_RESULT $FLEET_REVERT\" >> after.log";
  private static final String AFTER_RUN = "echo \"$FLEET_STATUS $FLEET_EXIT_CODE\" > end.txt; cp \"$FLEET_SUMMARY\" summary.json";

  private Path dir;
  private Path binary;
  private Map<String, String> digests;
  private Map<String, Long> masters;
  private SandboxHost broken;

  @BeforeEach
  void freshState() throws Exception {
    dir = fleet.sandbox().dir().resolve("hooked");
    HookedInventory.clear(dir);
    binary = NginxBinaries.changedCopy(fleet.sandbox().dir().resolve("nginx-" + System.nanoTime()), "hooks-" + System.nanoTime());
    digests = new HashMap<>();
    masters = new HashMap<>();
    for (SandboxHost host : fleet.hosts()) {
      digests.put(host.name(), runningDigest(host));
      masters.put(host.name(), soleMaster(host));
    }
  }

  @AfterEach
  void repair() {
    if (broken != null) {
      broken.exec("sh", "-c", "mv /etc/nginx/nginx.conf.good /etc/nginx/nginx.conf");
    }
  }

  @Test
  void aFailingBeforeHostRefusesItsHostAndNothingOnItIsTouched() throws Exception {
    Path inventory =
        inventory(
            Map.of(
                "before_host", "[ \"$FLEET_HOST\" != web2 ] || { echo \"lb says no for $FLEET_HOST\"; exit 7; }",
                "after_host", LOG_HOST,
                "after_run", AFTER_RUN));

    RolloutResult result = upgrade(inventory, overrides("100%", "4", "1", "host"), null);

    assertEquals(RolloutResult.Status.COMPLETED_WITH_FAILURES, result.status(), result.toString());
    UpgradeOutcome web2 = outcome(result, "web2");
    assertEquals(UpgradeOutcome.Status.REFUSED, web2.status());
    assertEquals("before_host", web2.step());
    assertEquals("before_host failed (exit 7): lb says no for web2", web2.reason());
    assertUntouched("web2");
    String fresh = NewBinary.of(binary).sha256();
    for (String name : List.of("web1", "web3", "web4")) {
      assertEquals(fresh, runningDigest(fleet.host(name)), name);
    }
    assertEquals(
        List.of("web1 upgraded 0", "web2 refused 0", "web3 upgraded 0", "web4 upgraded 0"),
        sortedLines("after.log"),
        "after_host ran for every host, the refused one included");
    assertEquals("completed-with-failures 6", read("end.txt"));
    JsonNode summary = RunJournal.JSON.readTree(dir.resolve("summary.json").toFile());
    assertEquals("refused", hostIn(summary, "web2").path("result").asText());
    assertTrue(transcript().contains("lb says no for web2"), "the hook's output is in the run's transcripts");
  }

  @Test
  void aFailedGateAfterTheCanaryRollsBackTheCanaryAndTouchesNobodyElse() throws Exception {
    Path inventory =
        inventory(
            Map.of(
                "before_host", "echo \"$FLEET_HOST $FLEET_REVERT\" >> before.log",
                "after_host", LOG_HOST,
                "after_batch",
                "echo \"$FLEET_BATCH $FLEET_CANARY $FLEET_BATCH_HOSTS\" >> gates.log;"
                    + " [ \"$FLEET_CANARY\" = 0 ] || { echo 'canary 5xx rate 12% > 1%'; exit 1; }",
                "after_run", AFTER_RUN));

    RolloutResult result = upgrade(inventory, overrides("1,100%", "4", "0", "batch"), null);

    assertEquals(RolloutResult.Status.HALTED, result.status(), result.toString());
    assertEquals(UpgradeOutcome.Status.UPGRADED, outcome(result, "web1").status());
    assertEquals(List.of("web1"), result.reverted().stream().map(UpgradeOutcome::host).toList());
    assertTrue(result.reverted().get(0).succeeded(), result.reverted().toString());
    assertEquals(digests.get("web1"), runningDigest(fleet.host("web1")), "the canary runs its old binary again");
    for (String name : List.of("web2", "web3", "web4")) {
      assertUntouched(name);
    }
    assertEquals(3, result.notReached().size(), "hosts after the canary are not reached");
    assertEquals(List.of("1 1 web1"), sortedLines("gates.log"));
    assertEquals(List.of("web1 0", "web1 1"), sortedLines("before.log"), "the revert is drained too");
    assertEquals(List.of("web1 rolled-back 1", "web1 upgraded 0"), sortedLines("after.log"));
    assertEquals("halted 1", read("end.txt"));
  }

  @Test
  void aHookPastItsTimeoutIsKilledWithItsProcessGroupAndItsHostRefused() throws Exception {
    Path inventory =
        HookedInventory.write(
            fleet.inventoryFile(),
            dir,
            Map.of("before_host", "sleep 600 & echo $! > sleep.pid; wait", "after_host", LOG_HOST),
            "1s");

    RolloutResult result = upgrade(inventory, overrides("1", "1", "0", "host"), "web3");

    UpgradeOutcome web3 = outcome(result, "web3");
    assertEquals(UpgradeOutcome.Status.REFUSED, web3.status(), result.toString());
    assertEquals("before_host failed (killed: still running after hook_timeout 1s)", web3.reason());
    long sleep = Long.parseLong(read("sleep.pid"));
    assertTrue(gone(sleep), "the hook's child sleep " + sleep + " outlived the hook");
    assertUntouched("web3");
    assertEquals(List.of("web3 refused 0"), sortedLines("after.log"));
  }

  @Test
  void afterHostRunsWhenTheUpgradeFailsAndItsOwnFailureFailsAnUpgradedHost() throws Exception {
    broken = fleet.host("web4");
    broken.exec("sh", "-c", "cp /etc/nginx/nginx.conf /etc/nginx/nginx.conf.good && echo 'broken directive;' >> /etc/nginx/nginx.conf");
    Path inventory =
        inventory(
            Map.of(
                "before_host", "echo \"$FLEET_HOST\" >> before.log",
                "after_host",
                LOG_HOST + "; [ \"$FLEET_HOST\" != web1 ] || { echo 'pool refused web1'; exit 4; }"));

    RolloutResult result = upgrade(inventory, overrides("100%", "4", "2", "host"), null);

    assertEquals(RolloutResult.Status.COMPLETED_WITH_FAILURES, result.status(), result.toString());
    assertEquals(UpgradeOutcome.Status.ROLLED_BACK, outcome(result, "web4").status());
    UpgradeOutcome web1 = outcome(result, "web1");
    assertEquals(UpgradeOutcome.Status.UPGRADED, web1.status());
    assertFalse(web1.succeeded(), "an upgraded host whose after_host failed counts as failed");
    assertEquals("after_host", web1.step());
    assertEquals("after_host failed (exit 4): pool refused web1", web1.reason());
    assertEquals(NewBinary.of(binary).sha256(), runningDigest(fleet.host("web1")));
    assertEquals(
        List.of("web1 upgraded 0", "web2 upgraded 0", "web3 upgraded 0", "web4 rolled-back 0"),
        sortedLines("after.log"));
    assertEquals(4, sortedLines("before.log").size());
  }

  @Test
  void shellSyntaxInHostAndGroupNamesRunsNothing() throws Exception {
    String host = "web$(touch pwned-host)`touch pwned-tick`";
    String group = "edge;touch pwned-group";
    String record = "echo \"$FLEET_HOOK|$FLEET_HOST|$FLEET_GROUPS|$FLEET_BATCH_HOSTS\" >> seen.log";
    Map<String, String> hooks = new LinkedHashMap<>();
    for (String name : List.of("before_run", "before_batch", "before_host", "after_host", "after_batch", "after_run")) {
      hooks.put(name, record);
    }
    Path inventory = HookedInventory.write(fleet.inventoryFile(), dir, hooks, null, root -> rename(root, host, group));

    RolloutResult result = upgrade(inventory, overrides("100%", "4", "0", "host"), null);

    assertEquals(RolloutResult.Status.COMPLETED, result.status(), result.toString());
    for (String pwned : List.of("pwned-host", "pwned-tick", "pwned-group")) {
      assertFalse(Files.exists(dir.resolve(pwned)), pwned + " was created: a name reached a shell as text");
    }
    List<String> seen = Files.readAllLines(dir.resolve("seen.log"));
    assertTrue(seen.contains("before_host|" + host + "|" + group + "|" + host + " web2 web3 web4"), seen.toString());
    assertTrue(seen.contains("after_run|||"), seen.toString());
  }

  @Test
  void aFailedBeforeRunHaltsTheRunBeforeAnyHostAndAfterRunIsStillTold() throws Exception {
    Path inventory =
        inventory(
            Map.of(
                "before_run", "echo 'maintenance window is closed'; exit 1",
                "before_host", "echo \"$FLEET_HOST\" >> before.log",
                "after_run", AFTER_RUN));

    RolloutResult result = upgrade(inventory, overrides("1,100%", "4", "0", "batch"), null);

    assertEquals(RolloutResult.Status.HALTED, result.status(), result.toString());
    assertEquals(List.of(), result.outcomes());
    assertEquals(4, result.notReached().size());
    for (SandboxHost host : fleet.hosts()) {
      assertUntouched(host.name());
    }
    assertFalse(Files.exists(dir.resolve("before.log")), "no host hook ran");
    assertEquals("halted 1", read("end.txt"));
  }

  @Test
  void fleetRollbackRunsTheSameHooks() throws Exception {
    Path inventory =
        inventory(
            Map.of(
                "before_host", "echo \"$FLEET_HOST $FLEET_KIND\" >> before.log",
                "after_host", "echo \"$FLEET_HOST $FLEET_RESULT $FLEET_KIND\" >> after.log"));
    RolloutResult upgraded = upgrade(inventory, overrides("1", "1", "0", "host"), "web2");
    assertEquals(RolloutResult.Status.COMPLETED, upgraded.status(), upgraded.toString());

    RolloutResult rolledBack;
    try (SshConnector connector = NginxSsh.connector()) {
      rolledBack =
          new RunController(connector, new RolloutListener() {})
              .rollback(
                  new RunController.RollbackRequest(inventory, UpgradeOverrides.none(), "web2", java.util.Optional.empty(), false),
                  plan -> true)
              .result();
    }

    assertEquals(RolloutResult.Status.COMPLETED, rolledBack.status(), rolledBack.toString());
    assertEquals(digests.get("web2"), runningDigest(fleet.host("web2")), "web2 runs its old binary again");
    assertEquals(List.of("web2 rollback", "web2 upgrade"), sortedLines("before.log"));
    assertEquals(List.of("web2 upgraded rollback", "web2 upgraded upgrade"), sortedLines("after.log"));
  }

  private Path inventory(Map<String, String> hooks) throws Exception {
    return HookedInventory.write(fleet.inventoryFile(), dir, hooks, null);
  }

  /** web1 becomes {@code host}, the sandbox group {@code group}; the address stays web1's. */
  private static void rename(ObjectNode root, String host, String group) {
    ObjectNode groups = (ObjectNode) root.path("groups");
    ObjectNode sandbox = (ObjectNode) groups.remove("sandbox");
    ObjectNode hosts = (ObjectNode) sandbox.path("hosts");
    ObjectNode renamed = RunJournal.JSON.createObjectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = hosts.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      renamed.set(e.getKey().equals("web1") ? host : e.getKey(), e.getValue());
    }
    sandbox.set("hosts", renamed);
    groups.set(group, sandbox);
  }

  private RolloutResult upgrade(Path inventory, UpgradeOverrides overrides, String limit) throws Exception {
    try (SshConnector connector = NginxSsh.connector()) {
      return new RunController(connector, new RolloutListener() {})
          .upgrade(new RunController.Request(inventory, overrides, limit, false), plan -> true)
          .result();
    }
  }

  private UpgradeOverrides overrides(String batches, String parallel, String maxFailures, String rollback) {
    return UpgradeOverrides.none().with(UpgradeSetting.BINARY, binary.toString()).with(UpgradeSetting.BATCHES, batches).with(UpgradeSetting.PARALLEL, parallel).with(UpgradeSetting.MAX_FAILURES, maxFailures).with(UpgradeSetting.SOAK, "0s").with(UpgradeSetting.ROLLBACK, rollback);
  }

  /** The same master as before the run, running the same binary. */
  private void assertUntouched(String name) {
    SandboxHost host = fleet.host(name);
    assertEquals(masters.get(name), soleMaster(host), name + ": master pid");
    assertEquals(digests.get(name), runningDigest(host), name + ": binary");
  }

  private static UpgradeOutcome outcome(RolloutResult result, String host) {
    return result.outcomes().stream().filter(o -> o.host().equals(host)).findFirst().orElseThrow(
        () -> new AssertionError(host + " has no outcome: " + result));
  }

  private static JsonNode hostIn(JsonNode summary, String name) {
    for (JsonNode host : summary.path("hosts")) {
      if (host.path("name").asText().equals(name)) {
        return host;
      }
    }
    throw new AssertionError(name + " not in " + summary);
  }

  private List<String> sortedLines(String file) throws Exception {
    return Files.readAllLines(dir.resolve(file)).stream().sorted().toList();
  }

  private String read(String file) throws Exception {
    return Files.readString(dir.resolve(file)).strip();
  }

  private String transcript() throws Exception {
    try (var files = Files.walk(dir.resolve(".fleet"))) {
      Path log = files.filter(p -> p.getFileName().toString().equals("hooks.log")).findFirst().orElseThrow();
      return Files.readString(log);
    }
  }

  /** Dead, or a zombie not yet reaped; waits at most two minutes (a hang guard). */
  private static boolean gone(long pid) throws Exception {
    long deadline = System.nanoTime() + java.time.Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      Path stat = Path.of("/proc/" + pid + "/stat");
      try {
        String text = Files.readString(stat);
        if (text.substring(text.lastIndexOf(')') + 2).startsWith("Z")) {
          return true;
        }
      } catch (java.io.IOException vanished) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }
}
