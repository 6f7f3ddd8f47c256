package dev.fleet.cli;

import dev.fleet.inventory.Host;
import dev.fleet.report.JUnitReport;
import dev.fleet.report.JsonReport;
import dev.fleet.report.RunReport;
import dev.fleet.rollout.HostProcedure;
import dev.fleet.rollout.RolloutListener;
import dev.fleet.rollout.RunController;
import dev.fleet.rollout.RunPlan;
import dev.fleet.rollout.SafeListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything a run shows and writes: progress lines, the plan and its confirmation, the summary,
 * and the --json and --junit reports. The confirmation is asked only on a terminal and never with
 * --yes, so Jenkins and pipes are never stopped by a prompt.
 */
final class RunReporting implements RunController.PlanListener {
  private final RunOptions options;
  private final PrintWriter out;
  private final PrintWriter err;
  private final PlainProgress progress;
  private final RunReport report = new RunReport();
  private final boolean live;
  private LiveView view;
  /** The plan, once known: a live view made before or after it gets the run's totals from it. */
  private List<List<Host>> plan;

  RunReporting(RunOptions options, PrintWriter out, PrintWriter err) {
    this.options = options;
    this.out = out;
    this.err = err;
    // A live view needs a terminal; --verbose and --quiet ask for lines and for silence.
    this.live = System.console() != null && !options.quiet && !options.verbose;
    this.progress = new PlainProgress(out, options.verbose, options.quiet, live);
  }

  /** The listeners a run reports to; a failing one is ignored, never fatal. */
  synchronized RolloutListener listeners() {
    if (live && view == null) {
      String noColor = System.getenv("NO_COLOR");
      view = LiveView.ticking(out, noColor == null || noColor.isEmpty());
      if (plan != null) {
        view.planned(plan);
      }
    }
    return live ? new SafeListener(List.of(progress, report, view)) : new SafeListener(List.of(progress, report));
  }

  private synchronized void stopLiveView() {
    if (view != null) {
      view.close();
      view = null;
    }
  }

  private synchronized void expect(List<List<Host>> batches) {
    plan = batches;
    progress.expect(batches);
    if (view != null) {
      view.planned(batches);
    }
  }

  private boolean confirm(List<List<Host>> batches, String question) {
    if (!asksFirst()) {
      return true;
    }
    progress.showBatches(batches);
    String answer = System.console().readLine(question, batches.stream().mapToInt(List::size).sum());
    return answer != null && answer.strip().toLowerCase().startsWith("y");
  }

  /** On a terminal, unless --yes; without a terminal (Jenkins) fleet never asks. */
  @Override
  public boolean asksFirst() {
    return !options.yes && System.console() != null;
  }

  @Override
  public boolean planned(RunPlan plan) {
    report.planned(plan.runId(), plan.batches(), plan.binary().orElse(null));
    expect(plan.batches());
    progress.planned(plan);
    String verb = plan.kind() == HostProcedure.Kind.ROLLBACK ? "Roll back" : "Upgrade";
    return confirm(plan.batches(), verb + " these %d hosts? [y/N] ");
  }

  /** The summary, then the reports; returns the exit code (a report that cannot be written is one). */
  int finish(RunController.Outcome outcome, Path inventoryFile) {
    stopLiveView();
    progress.summary(outcome, inventoryFile);
    out.printf("transcripts: %s%n", outcome.runDir().resolve("transcripts"));
    return writeReports(ExitCode.of(outcome.result()));
  }

  private int writeReports(int exit) {
    try {
      if (options.json != null) {
        JsonReport.write(options.json, report, exit);
        out.printf("json report: %s%n", options.json);
      }
      if (options.junit != null) {
        JUnitReport.write(options.junit, report);
        out.printf("junit report: %s%n", options.junit);
      }
    } catch (IOException e) {
      err.println("fleet: could not write a report: " + e.getMessage());
      return exit == ExitCode.OK ? ExitCode.NEEDS_ATTENTION : exit;
    }
    out.flush();
    return exit;
  }
}
