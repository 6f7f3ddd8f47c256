package dev.fleet.cli;

import dev.fleet.transport.ssh.SshPreload;
import java.util.Set;
import picocli.CommandLine;

/** Entry point of the {@code fleet} launcher. */
public final class Main {
  /** The commands that connect to hosts: only they gain from starting SSH's set-up early. */
  static final Set<String> CONNECTING = Set.of("upgrade", "plan", "check", "status", "resume", "rollback", "history", "unlock");

  private Main() {}

  public static void main(String[] args) {
    // Overlaps the JVM's one-time SSH set-up with parsing the command line and the inventory.
    // Only for a command that connects: --version, --help or `sandbox` would just pay for it.
    if (args.length > 0 && CONNECTING.contains(args[0])) {
      SshPreload.start();
    }
    CommandLine cli = FleetCommand.commandLineFor(args);
    int exit;
    try {
      exit = cli.execute(args);
    } finally {
      // picocli's writers buffer and flush only on println/printf; System.exit flushes nothing,
      // so whatever a command print()ed last would be lost (fleet inventory printed nothing).
      cli.getOut().flush();
      cli.getErr().flush();
    }
    System.exit(exit);
  }
}
