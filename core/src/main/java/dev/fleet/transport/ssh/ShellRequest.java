package dev.fleet.transport.ssh;

import java.util.List;

/**
 * A request for a {@link PersistentShell}: {@code fleet_run DEADLINE GRACE sh -c SCRIPT fleet
 * ARGS...}, with the script kept apart from the other words so that each shell can refer to the
 * pieces of it that it already holds instead of receiving them again ({@link HeldScripts}).
 */
record ShellRequest(String deadline, String grace, String script, List<String> args) {
  ShellRequest {
    args = List.copyOf(args);
  }
}
