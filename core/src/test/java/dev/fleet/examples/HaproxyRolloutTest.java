package dev.fleet.examples;

import static dev.fleet.examples.HookInventory.sh;
import static dev.fleet.testing.HostFacts.runningDigest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import dev.fleet.sandbox.HttpLoadStats;
import dev.fleet.sandbox.NginxBinaries;
import dev.fleet.sandbox.SandboxHost;
import dev.fleet.testing.RealFleet;
import dev.fleet.testing.RealFleetTest;
import dev.fleet.testing.RealHaproxy;
import dev.fleet.transport.ssh.SshConnector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A rollout behind a real HAProxy, with inventory-examples/hooks/haproxy-drain.sh as the
 * before_host and after_host hooks, under HTTP load sent through HAProxy. A witness script run
 * right after each hook writes down what HAProxy says of the server and which nginx the host
 * answers with, so the order is proven by what each hook saw, not by timing.
 */
@RealFleetTest
class HaproxyRolloutTest {
  @RegisterExtension static final RealFleet fleet = RealFleet.withHosts(3);

  private static final String WITNESS =
      """
      #!/bin/sh
      # What HAProxy says of the hook's server, and which nginx its host answers with, now.
      set -eu
      stat=$(printf 'show stat\\n' | socat -t 10 stdio "UNIX-CONNECT:$HAPROXY_SOCKET" \\
        | H=$FLEET_HOST awk -F, '$1 == "web" && $2 == ENVIRON["H"] { print "scur=" $5 " status=" $18 }')
      server=$(curl -sS -o /dev/null -D - "http://$FLEET_ADDRESS/" | tr -d '\\r' | awk 'tolower($1) == "server:" { print $2 }')
      printf '%s %s server=%s %s\\n' "$1" "$FLEET_HOST" "$server" "$stat" >> "$WITNESS_FILE"
      """;

  @Test
  void everyHostLeavesTheBalancerBeforeItsUpgradeAndComesBackAfterWithNoFailedRequest() throws Exception {
    Path dir = fleet.sandbox().dir().resolve("haproxy-rollout");
    Files.createDirectories(dir);
    Path binary = dir.resolve("nginx-new");
    String newVersion = NginxBinaries.otherVersion(binary);
    String oldVersion = serverHeader(fleet.hosts().get(0));
    Path witness = NginxBinaries.shellWrapper(dir.resolve("witness.sh"), WITNESS.substring("#!/bin/sh\n".length()));
    Path evidence = dir.resolve("evidence.txt");

    try (RealHaproxy haproxy = RealHaproxy.inFrontOf(dir.resolve("haproxy"), fleet.hosts(), "http")) {
      String env = "export HAPROXY_SOCKET=" + sh(haproxy.socket()) + " HAPROXY_BACKEND=web WITNESS_FILE=" + sh(evidence) + "; ";
      Path drain = HookScript.named("haproxy-drain.sh").path();
      Path inventory =
          HookInventory.write(
              fleet.inventoryFile(),
              dir,
              Map.of(
                  "before_host", env + sh(drain) + " drain && " + sh(witness) + " drained",
                  "after_host", env + sh(drain) + " ready && " + sh(witness) + " ready"),
              "2m");
      HttpLoad load = new HttpLoad(List.of(haproxy.url())).start();

      RunController.Outcome outcome = upgrade(inventory, binary);
      HttpLoadStats stats = load.stop();

      RolloutResult result = outcome.result();
      assertEquals(RolloutResult.Status.COMPLETED, result.status(), result.toString());
      assertTrue(stats.sent() > 0, stats.toString());
      assertEquals(0, stats.failed(), "no request through HAProxy failed: " + stats);
      String fresh = NewBinary.of(binary).sha256();
      List<String> lines = Files.readAllLines(evidence);
      for (SandboxHost host : fleet.hosts()) {
        assertEquals(fresh, runningDigest(host), host.name());
        List<String> seen = lines.stream().filter(l -> l.split(" ")[1].equals(host.name())).collect(Collectors.toList());
        assertEquals(2, seen.size(), host.name() + ": " + lines);
        assertEquals("drained " + host.name() + " server=nginx/" + oldVersion + " scur=0 status=DRAIN", seen.get(0), "drained, old nginx still serving: " + lines);
        assertTrue(seen.get(1).startsWith("ready " + host.name() + " server=nginx/" + newVersion.substring("nginx/".length()) + " scur="), "ready, new nginx: " + lines);
        assertTrue(seen.get(1).endsWith("status=UP"), "ready: " + lines);
      }
      for (String[] server : haproxy.serversState()) {
        assertEquals("0", server[6], "admin state of " + server[3] + ": ready, not drained");
      }
      System.out.printf("behind HAProxy: %d requests, %d failed; %s%n", stats.sent(), stats.failed(), lines);
    }
  }

  @Test
  void aHostWhoseSessionsDoNotDrainIsRefusedUntouchedAndBackInThePool() throws Exception {
    Path dir = fleet.sandbox().dir().resolve("haproxy-refusal");
    Files.createDirectories(dir);
    Path binary = NginxBinaries.changedCopy(dir.resolve("nginx-new"), "refusal-" + System.nanoTime());
    Map<String, String> before = new HashMap<>();
    fleet.hosts().forEach(h -> before.put(h.name(), runningDigest(h)));
    // TCP mode: a client connection the test keeps open is a session on web1 that never ends.
    try (RealHaproxy haproxy = RealHaproxy.inFrontOf(dir.resolve("haproxy"), fleet.hosts(), "tcp");
        HeldSessions held = HeldSessions.on(haproxy, "web1")) {
      String env = "export HAPROXY_SOCKET=" + sh(haproxy.socket()) + " HAPROXY_BACKEND=web HAPROXY_DRAIN_TIMEOUT=1; ";
      Path drain = HookScript.named("haproxy-drain.sh").path();
      Path inventory =
          HookInventory.write(
              fleet.inventoryFile(),
              dir,
              Map.of("before_host", env + sh(drain) + " drain", "after_host", env + sh(drain) + " ready"),
              "2m");

      // One batch (no canary) with room for one failure; web1 comes first, while the test holds it.
      RunController.Outcome outcome = upgrade(inventory, binary, "3", "1");

      RolloutResult result = outcome.result();
      assertEquals(RolloutResult.Status.COMPLETED_WITH_FAILURES, result.status(), result.toString());
      UpgradeOutcome web1 = result.outcomes().stream().filter(o -> o.host().equals("web1")).findFirst().orElseThrow();
      assertEquals(UpgradeOutcome.Status.REFUSED, web1.status(), web1.toString());
      assertTrue(web1.reason().contains("web/web1 still had 1 session(s) after 1s of draining"), web1.reason());
      assertEquals(before.get("web1"), runningDigest(fleet.host("web1")), "nothing on web1 was touched");
      String fresh = NewBinary.of(binary).sha256();
      assertEquals(fresh, runningDigest(fleet.host("web2")));
      assertEquals(fresh, runningDigest(fleet.host("web3")));
      assertFalse(haproxy.status("web1").startsWith("DRAIN"), "web1 is back in the pool: " + haproxy.status("web1"));
    }
  }

  private static RunController.Outcome upgrade(Path inventory, Path binary) throws Exception {
    return upgrade(inventory, binary, "1,100%", "0");
  }

  private static RunController.Outcome upgrade(Path inventory, Path binary, String batches, String maxFailures) throws Exception {
    UpgradeOverrides overrides = UpgradeOverrides.none().with(UpgradeSetting.BINARY, binary.toString()).with(UpgradeSetting.BATCHES, batches).with(UpgradeSetting.PARALLEL, "1").with(UpgradeSetting.MAX_FAILURES, maxFailures).with(UpgradeSetting.ROLLBACK, "batch");
    try (SshConnector connector = NginxSsh.connector()) {
      return new RunController(connector, new RolloutListener() {})
          .upgrade(new RunController.Request(inventory, overrides, null, false), plan -> true);
    }
  }

  /** The version in the Server header a host answers with, e.g. 1.22.1. */
  private static String serverHeader(SandboxHost host) {
    String headers = host.exec("curl", "-sS", "-o", "/dev/null", "-D", "-", "http://" + host.address() + "/").stdout();
    for (String line : headers.split("\r?\n")) {
      if (line.toLowerCase().startsWith("server: nginx/")) {
        return line.substring("server: nginx/".length()).strip();
      }
    }
    throw new AssertionError(host.name() + " sent no Server header: " + headers);
  }
}
