package dev.fleet.transport.ssh;

import dev.fleet.transport.CommandResult;
import dev.fleet.transport.RemoteCommand;
import dev.fleet.transport.TransportException;

/** Recognises {@code sudo -n} refusing for want of a password, which no retry can fix. */
final class SudoRefusal {
  private SudoRefusal() {}

  static void check(String host, RemoteCommand command, boolean useSudo, CommandResult result)
      throws TransportException {
    if (!useSudo || !command.privileged() || result.exitStatus() != 1) {
      return;
    }
    String stderr = result.stderr();
    if (stderr.contains("a password is required") || stderr.contains("a terminal is required")) {
      throw new TransportException(
          host
              + ": sudo wants a password for "
              + command.label()
              + " ("
              + result.firstLine()
              + "); fleet runs sudo -n and needs NOPASSWD for its user",
          false);
    }
  }
}
