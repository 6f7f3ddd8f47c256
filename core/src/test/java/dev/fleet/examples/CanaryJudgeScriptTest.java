package dev.fleet.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * inventory-examples/hooks/canary-judge.sh on nginx access logs the test writes. The gate judges
 * only lines appended after it started, so each test starts it, waits until it has noted the
 * logs' lengths (it says so), then appends.
 */
class CanaryJudgeScriptTest {
  private static final HookScript JUDGE = HookScript.named("canary-judge.sh");
  private static final List<String> HOSTS = List.of("web1", "web2", "web3");

  @TempDir Path logs;

  @BeforeEach
  void logsWithHistory() throws Exception {
    for (String host : HOSTS) {
      Files.createDirectories(logs.resolve(host));
      // Errors from before the canary's upgrade must not count against it.
      append(host, 0, 50, 500);
    }
  }

  @Test
  void aCanaryAnsweringErrorsFailsTheGate() throws Exception {
    HookScript.Running gate = startGate(Map.of());
    // The others' lines first and the canary's in one write: the gate judges once both sides
    // have their 20 requests, so what it sees is exactly these lines.
    append("web2", 20, 0, 0);
    append("web3", 20, 0, 0);
    append("web1", 10, 10, 502);

    HookScript.Result result = gate.await();

    assertEquals(1, result.exit(), result.toString());
    assertTrue(result.stderr().contains("failed: canary (web1): 10 5xx of 20 (500 per mille); others: 0 of 40 (0 per mille)"), result.toString());
  }

  @Test
  void aCanaryAsGoodAsTheOthersPasses() throws Exception {
    HookScript.Running gate = startGate(Map.of());
    append("web2", 18, 2, 500);
    append("web3", 20, 0, 0);
    append("web1", 19, 1, 503);

    HookScript.Result result = gate.await();

    assertEquals(0, result.exit(), result.toString());
    assertTrue(result.stdout().contains("passed: canary (web1): 1 5xx of 20 (50 per mille); others: 2 of 40 (50 per mille)"), result.toString());
  }

  @Test
  void notEnoughTrafficIsAFailureNotAPass() throws Exception {
    HookScript.Result result = startGate(Map.of("CANARY_WINDOW_TIMEOUT", "0")).await();

    assertEquals(1, result.exit(), result.toString());
    assertTrue(result.stderr().contains("not enough traffic to judge"), result.toString());
  }

  @Test
  void laterBatchesPassWithoutLooking() throws Exception {
    Map<String, String> env = env(Map.of());
    env.put("FLEET_BATCH", "2");
    env.put("FLEET_CANARY", "0");
    env.put("FLEET_BATCH_HOSTS", "web2 web3");

    HookScript.Result result = JUDGE.run(env);

    assertEquals(0, result.exit(), result.toString());
    assertTrue(result.stdout().contains("batch 2 is not the canary"), result.toString());
  }

  @Test
  void aRunOfOneBatchHasNoCanaryToJudge() throws Exception {
    Map<String, String> env = env(Map.of());
    env.put("FLEET_CANARY", "0");
    env.put("FLEET_BATCH_HOSTS", "web1 web2 web3");

    HookScript.Result result = JUDGE.run(env);

    assertEquals(0, result.exit(), result.toString());
    assertTrue(result.stdout().contains("batch 1 is not the canary"), result.toString());
  }

  @Test
  void aHostNameThatLeavesTheLogDirectoryIsRefused() throws Exception {
    Map<String, String> env = env(Map.of("CANARY_BASELINE_HOSTS", "web2"));
    env.put("FLEET_BATCH_HOSTS", "../web1");

    HookScript.Result result = JUDGE.run(env);

    assertEquals(1, result.exit(), result.toString());
    assertTrue(result.stderr().contains("host name '../web1' cannot name a log file"), result.toString());
  }

  private HookScript.Running startGate(Map<String, String> extra) throws Exception {
    HookScript.Running gate = JUDGE.start(env(extra));
    HaproxyDrainScriptTest.await(() -> !gate.isAlive() || gate.stdoutSoFar().contains("judging"));
    return gate;
  }

  private Map<String, String> env(Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(extra);
    env.put("FLEET_BATCH", "1");
    env.put("FLEET_CANARY", "1");
    env.put("FLEET_BATCH_HOSTS", "web1");
    env.put("CANARY_ACCESS_LOG", logs + "/{host}/access.log");
    env.put("CANARY_MIN_REQUESTS", "20");
    return env;
  }

  /** {@code ok} lines answered 200, then {@code errors} answered {@code errorStatus}, in one write. */
  private void append(String host, int ok, int errors, int errorStatus) throws Exception {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < ok + errors; i++) {
      text.append("127.0.0.1 - - [01/Dec/2026:23:59:00 +0000] \"GET /app?q=\\x22a b\\x22 HTTP/1.1\" ")
          .append(i < ok ? 200 : errorStatus)
          .append(" 12 \"-\" \"load/1.0\"\n");
    }
    Files.writeString(logs.resolve(host).resolve("access.log"), text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
