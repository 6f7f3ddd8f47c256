package dev.fleet.hooks;

import dev.fleet.inventory.DurationParser;
import java.time.Duration;

/**
 * How one hook ended.
 *
 * @param host the host it ran for, null for a run's or a batch's hook
 * @param batch the batch it ran for, 1-based; 0 for a run's hook
 * @param ran false when the inventory sets no such hook: nothing ran, and nothing failed
 * @param exitCode the command's exit status; -1 when it was killed or could not start
 * @param timedOut it ran past {@code hook_timeout} ({@code limit}) and was killed with its process
 *     group
 * @param lastLines the last lines it printed (stdout and stderr), for the reason
 * @param error why it could not start, or null
 */
public record HookResult(
    String hook,
    String host,
    int batch,
    boolean ran,
    int exitCode,
    boolean timedOut,
    String lastLines,
    String error,
    Duration took,
    Duration limit) {

  static HookResult notSet(String hook, String host, int batch) {
    return new HookResult(hook, host, batch, false, 0, false, "", null, Duration.ZERO, Duration.ZERO);
  }

  public boolean ok() {
    return !ran || (exitCode == 0 && !timedOut && error == null);
  }

  /** {@code after_host failed (exit 3): pool api said no} or {@code ... (killed: still running after hook_timeout 30s)}. */
  public String reason() {
    if (ok()) {
      return null;
    }
    String what =
        error != null
            ? "could not start: " + error
            :  timedOut ? "killed: still running after hook_timeout " + DurationParser.format(limit) : "exit " + exitCode;
    return hook + " failed (" + what + ")" + (lastLines.isEmpty() ? "" : ": " + lastLines);
  }
}
