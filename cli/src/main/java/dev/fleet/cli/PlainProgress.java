package dev.fleet.cli;

import dev.fleet.inventory.Host;
import dev.fleet.nginx.Durations;
import dev.fleet.nginx.HostState;
import dev.fleet.nginx.UpgradeOutcome;
import dev.fleet.rollout.RolloutListener;
import dev.fleet.rollout.RolloutResult;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * One timestamped line per event, no escapes: readable in a terminal, a Jenkins log or a pipe.
 * Synchronized because hosts will report from several threads.
 */
final class PlainProgress implements RolloutListener {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

  private final PrintWriter out;
  private final boolean verbose;

  PlainProgress(PrintWriter out, boolean verbose) {
    this.out = out;
    this.verbose = verbose;
  }

  private synchronized void line(String host, String text) {
    out.printf("%s %-12s %s%n", LocalTime.now().format(TIME), host, text);
    out.flush();
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
    String text = "=> " + outcome.status().name().toLowerCase().replace('_', ' ');
    line(host.name(), text + " in " + Durations.show(outcome.took()));
  }

  @Override
  public void rolloutFinished(RolloutResult result) {
    out.println();
    out.printf("%-20s %-16s %-10s %s%n", "HOST", "RESULT", "TIME", "DETAIL");
    for (UpgradeOutcome o : result.outcomes()) {
      String detail = o.reason() == null ? "" : o.step() + ": " + o.reason();
      out.printf(
          "%-20s %-16s %-10s %s%n",
          o.host(), o.status().name().toLowerCase(), Durations.show(o.took()), detail);
    }
    out.printf(
        "%d upgraded, %d already current, %d refused, %d rolled back, %d need attention,"
            + " %d not reached (%s)%n",
        result.count(UpgradeOutcome.Status.UPGRADED),
        result.count(UpgradeOutcome.Status.ALREADY_CURRENT),
        result.count(UpgradeOutcome.Status.REFUSED),
        result.count(UpgradeOutcome.Status.ROLLED_BACK),
        result.count(UpgradeOutcome.Status.NEEDS_ATTENTION),
        result.notReached().size(),
        Durations.show(result.took()));
    out.flush();
  }
}
