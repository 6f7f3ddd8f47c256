package dev.fleet.rollout;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleet.hooks.HookEnvironment;
import dev.fleet.nginx.UpgradeOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code RUN/summary.json}, written as the run ends and before after_run (as {@code
 * FLEET_SUMMARY}), so that a notification hook has the whole outcome without parsing the journal:
 * run, kind, status, exitCode, hosts [{name, result, step, reason}], reverted, notReached.
 */
public final class RunSummary {
  private RunSummary() {}

  /** The exit code fleet ends with for {@code status}: the CLI's table (ExitCodeAgreementTest). */
  public static int exitCode(RolloutResult.Status status) {
    return switch (status) {
      case COMPLETED -> 0;
      case HALTED -> 1;
      case NEEDS_ATTENTION -> 3;
      case PAUSED -> 4;
      case COMPLETED_WITH_FAILURES -> 6;
    };
  }

  /** The file, or where it would have been: a summary that cannot be written fails nothing. */
  static Path write(RunPlan plan, RolloutResult result, String status, int exitCode) {
    Path file = plan.runDir().resolve("summary.json");
    ObjectNode root = RunJournal.JSON.createObjectNode();
    root.put("run", plan.runId());
    root.put("kind", plan.kind().name().toLowerCase(java.util.Locale.ROOT));
    root.put("status", status);
    root.put("exitCode", exitCode);
    ArrayNode hosts = root.putArray("hosts");
    for (UpgradeOutcome o : result.outcomes()) {
      ObjectNode host = hosts.addObject();
      host.put("name", o.host());
      host.put("result", HookEnvironment.words(o.status().name()));
      host.put("succeeded", o.succeeded());
      host.put("step", o.step());
      host.put("reason", o.reason());
    }
    ArrayNode reverted = root.putArray("reverted");
    result.reverted().forEach(o -> reverted.add(o.host()));
    ArrayNode notReached = root.putArray("notReached");
    result.notReached().forEach(notReached::add);
    try {
      Files.createDirectories(file.getParent());
      RunJournal.JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
    } catch (IOException e) {
      // after_run still runs; the file it is pointed at is missing
    }
    return file;
  }
}
