package dev.fleet.rollout;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleet.inventory.Host;
import dev.fleet.nginx.UpgradeOutcome;
import java.time.Duration;
import java.util.List;

/**
 * Writes every transition of every host to the run journal. Unlike reporters it may not fail
 * quietly: a journal that cannot be written calls {@code onFailure} (which stops the run from
 * starting hosts it could not resume) and keeps the error for the end of the run.
 */
public final class JournalListener implements RolloutListener {
  private final RunJournal journal;
  private final Runnable onFailure;
  private volatile RuntimeException failure;

  public JournalListener(RunJournal journal, Runnable onFailure) {
    this.journal = journal;
    this.onFailure = onFailure;
  }

  /** The first write that failed, if any. */
  public java.util.Optional<RuntimeException> failure() {
    return java.util.Optional.ofNullable(failure);
  }

  private void write(String event, String host, String... keysAndValues) {
    write(true, event, host, keysAndValues);
  }

  /** A step's entry: for people, not for resuming (see {@link RunJournal#appendUnforced}). */
  private void writeStep(String event, String host, String... keysAndValues) {
    write(false, event, host, keysAndValues);
  }

  private void write(boolean forced, String event, String host, String... keysAndValues) {
    ObjectNode entry = RunJournal.entry(event);
    if (host != null) {
      entry.put("host", host);
    }
    for (int i = 0; i < keysAndValues.length; i += 2) {
      if (keysAndValues[i + 1] != null) {
        entry.put(keysAndValues[i], keysAndValues[i + 1]);
      }
    }
    try {
      if (forced) {
        journal.append(entry);
      } else {
        journal.appendUnforced(entry);
      }
    } catch (RuntimeException e) {
      if (failure == null) {
        failure = e;
        onFailure.run();
      }
    }
  }

  @Override
  public void batchStarted(int index, int batches, List<Host> hosts) {
    write("batch-started", null, "batch", Integer.toString(index));
  }

  @Override
  public void hostStarted(Host host) {
    write("host-started", host.name());
  }

  @Override
  public void stepStarted(String host, String step) {
    writeStep("step-started", host, "step", step);
  }

  @Override
  public void stepSucceeded(String host, String step, Duration took) {
    writeStep("step-ok", host, "step", step, "millis", Long.toString(took.toMillis()));
  }

  @Override
  public void stepFailed(String host, String step, String reason) {
    writeStep("step-failed", host, "step", step, "reason", reason);
  }

  @Override
  public void undoStarted(String host, String step) {
    writeStep("undo-started", host, "step", step);
  }

  @Override
  public void undoFailed(String host, String step, String reason) {
    writeStep("undo-failed", host, "step", step, "reason", reason);
  }

  /** What this host is getting: a rollback's resume needs it, each host having its own backup. */
  @Override
  public void binaryChange(String host, String fromVersion, String fromSha256, String toVersion, String toSha256) {
    write("host-target", host, "from", fromSha256, "sha256", toSha256);
  }

  @Override
  public void hostFinished(Host host, UpgradeOutcome outcome) {
    writeOutcome("host-finished", outcome);
  }

  @Override
  public void revertStarted(Host host) {
    write("revert-started", host.name());
  }

  @Override
  public void revertFinished(Host host, UpgradeOutcome outcome) {
    writeOutcome("revert-finished", outcome);
  }

  /** Forced: a resumed run gives a host whose before_host started its after_host (RunRecord). */
  @Override
  public void hookStarted(String hook, String host, int batch) {
    write("hook-started", host, "hook", hook, "batch", batch > 0 ? Integer.toString(batch) : null);
  }

  @Override
  public void hookFinished(dev.fleet.hooks.HookResult result) {
    write(
        "hook-ended",
        result.host(),
        "hook", result.hook(),
        "batch", result.batch() > 0 ? Integer.toString(result.batch()) : null,
        "ok", Boolean.toString(result.ok()),
        "reason", result.reason());
  }

  @Override
  public void halted(String reason) {
    write("halted", null, "reason", reason);
  }

  @Override
  public void pausing(String why) {
    write("pausing", null, "reason", why);
  }

  @Override
  public void rolloutFinished(RolloutResult result) {
    write("run-ended", null, "status", result.status().name());
  }

  private void writeOutcome(String event, UpgradeOutcome outcome) {
    write(
        event,
        outcome.host(),
        "status", outcome.status().name(),
        "step", outcome.step(),
        "reason", outcome.reason(),
        "millis", Long.toString(outcome.took().toMillis()),
        "hookFailed", outcome.hookFailed() ? "true" : null);
  }
}
