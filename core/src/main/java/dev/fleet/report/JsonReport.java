package dev.fleet.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleet.nginx.UpgradeOutcome;
import dev.fleet.rollout.RolloutResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The whole run as one JSON document ({@code --json FILE}): hosts with their steps and timings,
 * versions and sha256s, failures with their step and reason, the batches and the exit code. The
 * field names are listed in the README; a test holds them to it.
 */
public final class JsonReport {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonReport() {}

  public static void write(Path file, RunReport report, int exitCode) throws IOException {
    RunReport.Snapshot run = report.snapshot();
    ObjectNode root = JSON.createObjectNode();
    root.put("run", run.runId());
    root.put("started", run.started().toString());
    root.put("finished", Instant.now().toString());
    root.put("status", run.result() == null ? "unknown" : Words.of(run.result().status()));
    root.put("exitCode", exitCode);
    if (run.binary() != null) {
      ObjectNode binary = root.putObject("binary");
      if (run.binary().pulled()) {
        binary.put("url", run.binary().url().toString());
      } else {
        binary.put("path", run.binary().file().toString());
      }
      binary.put("sha256", run.binary().sha256());
      if (!run.binary().pulled()) {
        binary.put("bytes", run.binary().size());
      }
    }
    root.put("haltReason", run.haltReason());
    root.set("batches", JSON.valueToTree(run.batches()));
    ArrayNode hosts = root.putArray("hosts");
    for (RunReport.HostRecord h : run.hosts()) {
      hosts.add(host(h));
    }
    ArrayNode hooks = root.putArray("hooks");
    for (dev.fleet.hooks.HookResult hook : run.hooks()) {
      ObjectNode node = hooks.addObject();
      node.put("hook", hook.hook());
      node.put("host", hook.host());
      node.put("batch", hook.batch() == 0 ? null : hook.batch());
      node.put("ok", hook.ok());
      node.put("exitCode", hook.exitCode());
      node.put("timedOut", hook.timedOut());
      node.put("reason", hook.reason());
      node.put("millis", hook.took().toMillis());
    }
    if (run.result() != null) {
      root.set("summary", summary(run.result()));
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    JSON.writeValue(file.toFile(), root);
  }

  private static ObjectNode host(RunReport.HostRecord h) {
    ObjectNode node = JSON.createObjectNode();
    node.put("name", h.name);
    node.put("address", h.address);
    node.set("groups", JSON.valueToTree(h.groups));
    node.put("batch", h.batch + 1);
    UpgradeOutcome o = h.outcome;
    node.put("result", o == null ? "not-reached" : Words.of(o.status()));
    node.put("failedStep", o == null ? null : o.step());
    node.put("reason", o == null ? null : o.reason());
    node.put("millis", o == null ? 0 : o.took().toMillis());
    node.put("fromVersion", h.fromVersion);
    node.put("toVersion", h.toVersion);
    node.put("fromSha256", h.fromSha256);
    node.put("toSha256", h.toSha256);
    node.put("observedState", h.observedState);
    if (h.revert != null) {
      ObjectNode revert = node.putObject("revert");
      revert.put("result", Words.of(h.revert.status()));
      revert.put("reason", h.revert.reason());
      revert.put("millis", h.revert.took().toMillis());
    }
    ArrayNode steps = node.putArray("steps");
    for (RunReport.Step s : h.steps) {
      ObjectNode step = steps.addObject();
      step.put("name", s.name());
      step.put("status", s.status());
      step.put("started", s.started().toString());
      step.put("millis", s.millis());
      step.put("reason", s.reason());
    }
    return node;
  }

  private static ObjectNode summary(RolloutResult r) {
    ObjectNode node = JSON.createObjectNode();
    for (UpgradeOutcome.Status status : UpgradeOutcome.Status.values()) {
      node.put(Words.camel(status.name()), r.count(status));
    }
    node.put("reverted", r.reverted().size());
    node.put("notReached", r.notReached().size());
    node.put("millis", r.took().toMillis());
    return node;
  }
}
