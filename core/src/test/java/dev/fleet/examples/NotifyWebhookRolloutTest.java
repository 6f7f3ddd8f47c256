package dev.fleet.examples;

import static dev.fleet.examples.HookInventory.sh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleet.inventory.UpgradeOverrides;
import dev.fleet.inventory.UpgradeSetting;
import dev.fleet.nginx.NginxSsh;
import dev.fleet.rollout.RolloutListener;
import dev.fleet.rollout.RolloutResult;
import dev.fleet.rollout.RunController;
import dev.fleet.sandbox.NginxBinaries;
import dev.fleet.testing.RealFleet;
import dev.fleet.testing.RealFleetTest;
import dev.fleet.transport.ssh.SshConnector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * inventory-examples/hooks/notify-webhook.sh as the before_run and after_run hooks of a real
 * rollout, posting to a real local HTTP server. The token comes from a file, so it is in neither
 * the inventory nor the hooks' transcripts.
 */
@RealFleetTest
class NotifyWebhookRolloutTest {
  @RegisterExtension static final RealFleet fleet = RealFleet.withHosts(2);

  @Test
  void theWebhookHearsTheStartAndTheEndWithTheRunsSummaryAndTheTokenStaysSecret() throws Exception {
    Path dir = fleet.sandbox().dir().resolve("notify-rollout");
    Files.createDirectories(dir);
    Path binary = NginxBinaries.changedCopy(dir.resolve("nginx-new"), "notify-" + System.nanoTime());
    String token = "s3cret-" + System.nanoTime();
    Path tokenFile = Files.writeString(dir.resolve("token"), token + "\n");
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      String env = "export NOTIFY_WEBHOOK_URL=" + sh(receiver.url("/fleet")) + " NOTIFY_WEBHOOK_TOKEN_FILE=" + sh(tokenFile) + "; ";
      Path notify = HookScript.named("notify-webhook.sh").path();
      Path inventory =
          HookInventory.write(
              fleet.inventoryFile(),
              dir,
              Map.of("before_run", env + sh(notify) + " start", "after_run", env + sh(notify) + " done"),
              "1m");

      RunController.Outcome outcome = upgrade(inventory, binary);

      assertEquals(RolloutResult.Status.COMPLETED, outcome.result().status(), outcome.result().toString());
      List<WebhookReceiver.Request> posted = receiver.requests();
      assertEquals(2, posted.size(), posted.toString());
      ObjectMapper json = new ObjectMapper();
      JsonNode start = json.readTree(posted.get(0).body());
      JsonNode done = json.readTree(posted.get(1).body());
      assertEquals("start", start.get("event").asText());
      assertEquals("before_run", start.get("hook").asText());
      assertEquals(outcome.runId(), start.get("run").asText());
      assertEquals("done", done.get("event").asText());
      assertEquals("completed", done.get("status").asText());
      assertEquals(0, done.get("exit_code").asInt());
      assertEquals(outcome.runId(), done.get("summary").get("run").asText());
      List<String> upgraded = new java.util.ArrayList<>();
      done.get("summary").get("hosts").forEach(h -> upgraded.add(h.get("name").asText() + "=" + h.get("result").asText()));
      assertEquals(List.of("web1=upgraded", "web2=upgraded"), upgraded.stream().sorted().toList());
      for (WebhookReceiver.Request request : posted) {
        assertEquals("Bearer " + token, request.header("Authorization"));
      }
      try (var files = Files.walk(outcome.runDir())) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          assertTrue(!Files.readString(file).contains(token), "the token is in " + file);
        }
      }
    }
  }

  private static RunController.Outcome upgrade(Path inventory, Path binary) throws Exception {
    UpgradeOverrides overrides = UpgradeOverrides.none().with(UpgradeSetting.BINARY, binary.toString()).with(UpgradeSetting.BATCHES, "1,100%").with(UpgradeSetting.PARALLEL, "1").with(UpgradeSetting.MAX_FAILURES, "0").with(UpgradeSetting.ROLLBACK, "batch");
    try (SshConnector connector = NginxSsh.connector()) {
      return new RunController(connector, new RolloutListener() {})
          .upgrade(new RunController.Request(inventory, overrides, null, false), plan -> true);
    }
  }

}
