package dev.fleet.nginx.lock;

import dev.fleet.inventory.Host;
import dev.fleet.nginx.probe.StepFailure;
import dev.fleet.nginx.script.BinaryPaths;
import dev.fleet.nginx.script.Privilege;
import dev.fleet.nginx.script.Scripts;
import dev.fleet.transport.CommandResult;
import dev.fleet.transport.Connection;
import dev.fleet.transport.RemoteCommand;
import dev.fleet.transport.TransportException;
import java.util.List;

/**
 * What fleet did to a host, kept on the host (history.sh; a procedure appends through leave.sh,
 * with the lock's release) so that every controller sees it:
 * appended once per host and run, never rewritten.
 */
public final class HostHistory {
  private HostHistory() {}

  /** One entry, as history.sh keeps it (a tab-separated line). */
  public record Entry(
      String time,
      String run,
      String controller,
      String procedure,
      String fromVersion,
      String fromSha256,
      String toVersion,
      String toSha256,
      String result) {

    /** The entry as history.sh's append (and leave.sh) take it: one argument a field. */
    List<String> fields() {
      return List.of(time, run, controller, procedure, fromVersion, fromSha256, toVersion, toSha256, result);
    }

    static Entry parse(String line) {
      String[] f = line.split("\t", -1);
      String[] all = java.util.Arrays.copyOf(f, 9);
      for (int i = 0; i < all.length; i++) {
        all[i] = all[i] == null ? "" : all[i];
      }
      return new Entry(all[0], all[1], all[2], all[3], all[4], all[5], all[6], all[7], all[8]);
    }
  }

  /** The last {@code limit} entries, oldest first; all of them when {@code limit} is 0. */
  public static List<Entry> list(Connection connection, Host host, int limit) throws TransportException, StepFailure {
    CommandResult result =
        connection.run(
            RemoteCommand.privileged("history-list", Scripts.history(), "list", BinaryPaths.STATE_DIR, host.nginx().binary(), Integer.toString(limit)),
            HostLock.WAIT);
    if (!result.ok()) {
      throw new StepFailure("could not read the host's history: " + Privilege.explain(result));
    }
    return result.stdout().lines().filter(l -> !l.isBlank()).map(Entry::parse).toList();
  }
}
