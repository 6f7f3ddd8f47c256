package dev.fleet.hooks;

import dev.fleet.inventory.Host;
import dev.fleet.nginx.UpgradeOutcome;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a hook is told, as {@code FLEET_*} environment variables: the only way anything from the
 * inventory or the run reaches a hook's shell. Nothing is ever put into the command's text.
 */
public final class HookEnvironment {
  private final Map<String, String> vars = new LinkedHashMap<>();

  private HookEnvironment() {}

  static HookEnvironment of(String hook, HookRun run) {
    HookEnvironment env = new HookEnvironment();
    env.put("FLEET_HOOK", hook);
    env.put("FLEET_RUN", run.runId());
    env.put("FLEET_INVENTORY", run.inventory().toAbsolutePath().toString());
    env.put("FLEET_RUN_DIR", run.runDir().toAbsolutePath().toString());
    env.put("FLEET_KIND", run.kind());
    env.put("FLEET_BATCHES", Integer.toString(run.batches()));
    env.put("FLEET_RESUMED", run.resumed() ? "1" : "0");
    return env;
  }

  /** {@code index} counts from 0; hooks see it from 1. The first of several batches is the canary. */
  HookEnvironment batch(int index, int batches, List<Host> hosts) {
    put("FLEET_BATCH", Integer.toString(index + 1));
    put("FLEET_BATCH_HOSTS", hosts.stream().map(Host::name).collect(Collectors.joining(" ")));
    put("FLEET_CANARY", index == 0 && batches > 1 ? "1" : "0");
    return this;
  }

  /** {@code revert}: the rollback policy is taking the host back after a breach. */
  HookEnvironment host(Host host, boolean revert) {
    put("FLEET_HOST", host.name());
    put("FLEET_ADDRESS", host.address());
    // Empty when ~/.ssh/config decides.
    boolean port = host.ssh() != null && host.ssh().port() > 0;
    put("FLEET_SSH_PORT", port ? Integer.toString(host.ssh().port()) : "");
    put("FLEET_SSH_USER", host.ssh() == null ? "" : nonNull(host.ssh().user()));
    put("FLEET_GROUPS", String.join(" ", host.groups()));
    put("FLEET_REVERT", revert ? "1" : "0");
    return this;
  }

  HookEnvironment outcome(UpgradeOutcome outcome, boolean revert, String fromVersion, String toVersion) {
    put("FLEET_RESULT", result(outcome, revert));
    put("FLEET_FAILED_STEP", outcome.succeeded() ? "" : nonNull(outcome.step()));
    put("FLEET_REASON", nonNull(outcome.reason()));
    put("FLEET_FROM_VERSION", nonNull(fromVersion));
    put("FLEET_TO_VERSION", nonNull(toVersion));
    return this;
  }

  HookEnvironment batchFailures(int failures) {
    put("FLEET_BATCH_FAILURES", Integer.toString(failures));
    return this;
  }

  /** {@code status}: completed, completed-with-failures, halted, paused, needs-attention. */
  HookEnvironment end(String status, int exitCode, String summary) {
    put("FLEET_STATUS", status);
    put("FLEET_EXIT_CODE", Integer.toString(exitCode));
    put("FLEET_SUMMARY", summary);
    return this;
  }

  public Map<String, String> vars() {
    return Map.copyOf(vars);
  }

  /**
   * upgraded, already-current, refused, rolled-back, needs-attention; a host the rollback policy
   * took back after a breach is rolled-back once it runs its old binary again.
   */
  static String result(UpgradeOutcome outcome, boolean revert) {
    if (revert && outcome.status() == UpgradeOutcome.Status.UPGRADED) {
      return "rolled-back";
    }
    return words(outcome.status().name());
  }

  public static String words(String constant) {
    return constant.toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private void put(String key, String value) {
    vars.put(key, value);
  }

  private static String nonNull(String text) {
    return text == null ? "" : text;
  }
}
