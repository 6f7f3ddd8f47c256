package dev.fleet.cli;

import dev.fleet.inventory.Host;
import dev.fleet.nginx.UpgradeOutcome;
import dev.fleet.nginx.probe.Durations;
import dev.fleet.nginx.probe.HostState;
import dev.fleet.nginx.step.NewBinary;
import dev.fleet.rollout.FailureBudget;
import dev.fleet.rollout.RolloutListener;
import dev.fleet.rollout.RolloutPolicy;
import dev.fleet.rollout.RolloutResult;
import dev.fleet.rollout.RunController;
import dev.fleet.rollout.RunPlan;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * One timestamped line per event, no escapes: readable in a terminal, a Jenkins log or a pipe.
 * Synchronized because hosts report from several threads.
 */
final class PlainProgress implements RolloutListener {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

  private final PrintWriter out;
  private final boolean verbose;
  private final boolean quiet;
  /** A live view draws the progress in place; lines printed between would break its redraw. */
  private final boolean live;
  private final RunStanding standing;
  /** Failed hooks of the run and its batches, for the summary (a host's are in its row). */
  private final List<String> hookFailures = new java.util.ArrayList<>();

  PlainProgress(PrintWriter out, boolean verbose, boolean quiet, boolean live, LongSupplier nanoClock) {
    this.out = out;
    this.verbose = verbose;
    this.quiet = quiet;
    this.live = live;
    this.standing = new RunStanding(nanoClock);
  }

  PlainProgress(PrintWriter out, boolean verbose, boolean quiet, boolean live) {
    this(out, verbose, quiet, live, System::nanoTime);
  }

  PlainProgress(PrintWriter out, boolean verbose) {
    this(out, verbose, false, false);
  }

  /** The whole plan, for the totals of where the run stands. */
  void expect(List<List<Host>> batches) {
    standing.planned(batches);
  }

  private synchronized void line(String host, String text) {
    if (quiet || live) {
      return;
    }
    out.printf("%s %-12s %s%n", LocalTime.now().format(TIME), host, text);
    out.flush();
  }

  synchronized void planned(RunPlan plan) {
    if (quiet) {
      return;
    }
    int hosts = plan.hosts();
    String to =
        plan.binary()
            .map(b -> b.pulled()
                ? String.format("to %s (sha256 %s, downloaded by each host)", b.url(), b.shortDigest())
                : String.format("to %s (sha256 %s, %d bytes)", b.file(), b.shortDigest(), b.size()))
            .orElse("back to each host's kept backup binary");
    out.printf("run %s: %d hosts in %d batches %s%n", plan.runId(), hosts, plan.batches().size(), to);
    RolloutPolicy policy = plan.policy();
    out.printf(
        "  parallel %d, max failures %d%s, rollback %s; journal in %s%n",
        policy.parallel(),
        policy.budget().allowed(),
        canaryNote(policy.budget()),
        policy.rollback().name().toLowerCase(),
        plan.runDir());
    out.flush();
  }

  /** The canary's own tolerance; a run of one batch has no canary. */
  private static String canaryNote(FailureBudget budget) {
    if (!budget.hasCanary()) {
      return "";
    }
    return budget.canaryAllowed() == 0 ? " (none in the canary)" : " (" + budget.canaryAllowed() + " in the canary)";
  }

  /** The plan, batch by batch, for a confirmation prompt. */
  synchronized void showBatches(List<List<Host>> batches) {
    for (int i = 0; i < batches.size(); i++) {
      out.printf(
          "  batch %d%s: %s%n",
          i + 1,
          i == 0 && batches.size() > 1 ? " (canary)" : "",
          String.join(" ", batches.get(i).stream().map(Host::name).toList()));
    }
    out.flush();
  }

  /** "batch 2/3: web3 web4 (1 of 4 hosts done, 0 failed, 12s elapsed)": the run's standing at each batch. */
  @Override
  public void batchStarted(int index, int batches, List<Host> hosts) {
    standing.batchStarted(index, batches, hosts.size());
    line(
        "",
        "batch " + (index + 1) + "/" + batches + (index == 0 && batches > 1 ? " (canary)" : "") + ": "
            + String.join(" ", hosts.stream().map(Host::name).toList())
            + " (" + standing.hostsLine() + ")");
  }

  @Override
  public void hostStarted(Host host) {
    standing.hostStarted();
  }

  @Override
  public void stepStarted(String host, String step) {
    if (verbose) {
      line(host, step + " ...");
    }
  }

  @Override
  public void stepSucceeded(String host, String step, Duration took) {
    line(host, step + " ok (" + Durations.show(took) + ")");
  }

  @Override
  public void stepFailed(String host, String step, String reason) {
    line(host, step + " FAILED: " + reason);
  }

  @Override
  public void undoStarted(String host, String step) {
    line(host, "undo " + step);
  }

  @Override
  public void undoFailed(String host, String step, String reason) {
    line(host, "undo " + step + " FAILED: " + reason);
  }

  /** "web1: nginx 1.22.1 -> 1.27.3 (sha256 3f2a9c01b7e4 -> 9d81aa0c2f10)" */
  @Override
  public void binaryChange(String host, String fromVersion, String fromSha256, String toVersion, String toSha256) {
    line(host, version(fromVersion) + " -> " + version(toVersion) + " (sha256 " + shortSha(fromSha256) + " -> " + shortSha(toSha256) + ")");
  }

  @Override
  public void stateObserved(String host, HostState state, String evidence) {
    line(host, "found " + state.label() + " (" + evidence + ")");
  }

  private static String version(String said) {
    String v = said.replace("nginx version: ", "").replace("nginx/", "nginx ").strip();
    return v.isEmpty() ? "unknown version" : v;
  }

  private static String shortSha(String sha) {
    return sha == null ? "?" : sha.substring(0, Math.min(12, sha.length()));
  }

  @Override
  public void hostFinished(Host host, UpgradeOutcome outcome) {
    standing.hostFinished(outcome);
    String hook = outcome.hookFailed() ? ", but a hook failed: " + outcome.reason() : "";
    line(host.name(), "=> " + words(outcome.status()) + " in " + Durations.show(outcome.took()) + hook);
  }

  /** A run's or a batch's hook; a host's hooks are steps of the host. */
  @Override
  public void hookFinished(dev.fleet.hooks.HookResult hook) {
    if (hook.host() != null) {
      return;
    }
    String which = hook.hook() + (hook.batch() > 0 ? " (batch " + hook.batch() + ")" : "");
    if (hook.ok()) {
      line("", which + " ok (" + Durations.show(hook.took()) + ")");
    } else {
      synchronized (this) {
        hookFailures.add(which + ": " + hook.reason());
      }
      line("", which + " FAILED: " + hook.reason());
    }
  }

  @Override
  public void halted(String reason) {
    line("", "HALTED: " + reason + "; no new host starts");
  }

  @Override
  public void revertStarted(Host host) {
    line(host.name(), "reverting to the binary it had before");
  }

  @Override
  public void revertFinished(Host host, UpgradeOutcome outcome) {
    line(host.name(), "=> revert " + (outcome.status() == UpgradeOutcome.Status.UPGRADED ? "done" : words(outcome.status()) + ": " + outcome.reason()));
  }

  @Override
  public void pausing(String why) {
    line("", "pause: " + why);
  }

  synchronized void summary(RunController.Outcome outcome, Path inventoryFile) {
    table(outcome.result());
    for (String failure : hookFailures) {
      out.printf("hook failed: %s%n", failure);
    }
    out.printf("run %s: journal %s%n", outcome.runId(), outcome.runDir().resolve("journal.jsonl"));
    if (outcome.result().status() == RolloutResult.Status.PAUSED) {
      out.println("continue with: fleet resume " + inventoryFile);
    }
    out.flush();
  }

  private void table(RolloutResult result) {
    out.println();
    out.printf("%-20s %-16s %-10s %s%n", "HOST", "RESULT", "TIME", "DETAIL");
    for (UpgradeOutcome o : result.outcomes()) {
      String detail = o.reason() == null ? "" : o.step() + ": " + o.reason();
      String shown = words(o.status()) + (o.hookFailed() ? " (failed)" : "");
      out.printf("%-20s %-16s %-10s %s%n", o.host(), shown, Durations.show(o.took()), detail);
    }
    for (UpgradeOutcome o : result.reverted()) {
      String detail = o.reason() == null ? "reverted to its old binary" : o.step() + ": " + o.reason();
      out.printf("%-20s %-16s %-10s %s%n", o.host(), "reverted", Durations.show(o.took()), detail);
    }
    for (String host : result.notReached()) {
      out.printf("%-20s %-16s %-10s %s%n", host, "not reached", "", "untouched");
    }
    out.printf(
        "%s: %d upgraded, %d already current, %d refused, %d rolled back, %d reverted,"
            + " %d need attention, %d not reached (%s)%n",
        result.status().name().toLowerCase().replace('_', ' '),
        result.count(UpgradeOutcome.Status.UPGRADED),
        result.count(UpgradeOutcome.Status.ALREADY_CURRENT),
        result.count(UpgradeOutcome.Status.REFUSED),
        result.count(UpgradeOutcome.Status.ROLLED_BACK),
        result.reverted().size(),
        result.count(UpgradeOutcome.Status.NEEDS_ATTENTION),
        result.notReached().size(),
        Durations.show(result.took()));
    out.flush();
  }

  private static String words(UpgradeOutcome.Status status) {
    return status.name().toLowerCase().replace('_', ' ');
  }
}
