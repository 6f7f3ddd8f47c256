package dev.fleet.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * inventory-examples/hooks/notify-webhook.sh posting to a real local HTTP server, with the
 * environment fleet gives an after_run hook.
 */
class NotifyWebhookScriptTest {
  private static final HookScript NOTIFY = HookScript.named("notify-webhook.sh");
  private static final String TOKEN = "tok\\en \"with\" quotes";

  @TempDir Path temp;
  private final WebhookReceiver receiver;

  NotifyWebhookScriptTest() throws Exception {
    receiver = new WebhookReceiver();
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  @Test
  void postsTheRunSummaryAsJsonWithTheBearerToken() throws Exception {
    HookScript.Result result = NOTIFY.run(afterRun(), "done");

    assertEquals(0, result.exit(), result.toString());
    assertTrue(result.stdout().contains("posted done for run 20261201-2359-ab12 (HTTP 200)"), result.toString());
    List<WebhookReceiver.Request> posted = receiver.requests();
    assertEquals(1, posted.size());
    WebhookReceiver.Request request = posted.get(0);
    assertEquals("POST", request.method());
    assertEquals("/hooks/fleet?channel=ops", request.path());
    assertEquals("application/json", request.header("Content-type"));
    assertEquals("Bearer " + TOKEN, request.header("Authorization"));
    JsonNode body = new ObjectMapper().readTree(request.body());
    assertEquals("done", body.get("event").asText());
    assertEquals("after_run", body.get("hook").asText());
    assertEquals("20261201-2359-ab12", body.get("run").asText());
    assertEquals("halted", body.get("status").asText());
    assertEquals(1, body.get("exit_code").asInt());
    assertTrue(body.get("exit_code").isNumber());
    assertEquals("1.27.3", body.get("to_version").asText());
    assertEquals("web1 \"canary\"\n\tby gate; C:\\x", body.get("reason_note").asText(), "quotes, breaks, tabs, backslashes survive");
    assertEquals("fleet upgrade 20261201-2359-ab12: done, halted (exit 1)", body.get("text").asText());
    assertEquals(temp.resolve("summary.json").toString(), body.get("summary_file").asText());
    assertEquals("halted", body.get("summary").get("status").asText(), "the run's summary.json, as an object");
    assertEquals("rolled-back", body.get("summary").get("hosts").get(0).get("result").asText());
    assertFalse(body.has("unrelated"), "only FLEET_* variables are sent");
  }

  @Test
  void neitherTheUrlNorTheTokenIsOnAnyCommandLine() throws Exception {
    Path argvLog = temp.resolve("curl-argv");
    Path curl = temp.resolve("curl");
    Files.writeString(curl, "#!/bin/sh\nprintf '%s\\n' \"$0\" \"$@\" >> \"$ARGV_LOG\"\nexec curl \"$@\"\n");
    curl.toFile().setExecutable(true);
    Map<String, String> env = afterRun();
    env.put("NOTIFY_CURL", curl.toString());
    env.put("ARGV_LOG", argvLog.toString());

    HookScript.Result result = NOTIFY.run(env, "done");

    assertEquals(0, result.exit(), result.toString());
    String argv = Files.readString(argvLog);
    assertTrue(argv.contains("--config"), argv);
    assertFalse(argv.contains("tok"), argv);
    assertFalse(argv.contains(Integer.toString(receiver.url("/").getPort())), argv);
    assertFalse(result.stdout().contains("tok") || result.stderr().contains("tok"), result.toString());
    assertEquals(1, receiver.requests().size());
  }

  @Test
  void aWebhookThatAnswersAnErrorFailsTheHookSayingSo() throws Exception {
    receiver.answer(503);

    HookScript.Result result = NOTIFY.run(afterRun(), "done");

    assertEquals(1, result.exit(), result.toString());
    assertTrue(result.stderr().contains("POST failed") && result.stderr().contains("503"), result.toString());
    assertFalse(result.stderr().contains("tok"), result.toString());
  }

  @Test
  void aTokenWithALineBreakIsRefusedBeforeAnythingIsSent() throws Exception {
    Map<String, String> env = afterRun();
    env.put("NOTIFY_WEBHOOK_TOKEN", "abc\nX-Injected: 1");

    HookScript.Result result = NOTIFY.run(env, "done");

    assertEquals(2, result.exit(), result.toString());
    assertTrue(receiver.requests().isEmpty());
  }

  private Map<String, String> afterRun() throws Exception {
    Path summary = temp.resolve("summary.json");
    Files.writeString(
        summary,
        "{\n  \"run\" : \"20261201-2359-ab12\",\n  \"status\" : \"halted\",\n  \"exitCode\" : 1,\n"
            + "  \"hosts\" : [ { \"name\" : \"web1\", \"result\" : \"rolled-back\" } ]\n}\n");
    Map<String, String> env = new HashMap<>();
    env.put("FLEET_HOOK", "after_run");
    env.put("FLEET_RUN", "20261201-2359-ab12");
    env.put("FLEET_KIND", "upgrade");
    env.put("FLEET_INVENTORY", "/srv/fleet/inventory.yml");
    env.put("FLEET_STATUS", "halted");
    env.put("FLEET_EXIT_CODE", "1");
    env.put("FLEET_FROM_VERSION", "1.27.2");
    env.put("FLEET_TO_VERSION", "1.27.3");
    env.put("FLEET_SUMMARY", summary.toString());
    env.put("FLEET_REASON_NOTE", "web1 \"canary\"\n\tby gate; C:\\x");
    env.put("UNRELATED", "x");
    env.put("NOTIFY_WEBHOOK_URL", receiver.url("/hooks/fleet?channel=ops").toString());
    env.put("NOTIFY_WEBHOOK_TOKEN", TOKEN);
    return env;
  }
}
