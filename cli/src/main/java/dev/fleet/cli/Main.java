package dev.fleet.cli;

import dev.fleet.transport.ssh.SshPreload;

/** Entry point of the {@code fleet} launcher. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    // Overlaps the JVM's one-time SSH set-up with parsing the command line and the inventory;
    // for a command that never connects it only used the other core for a moment.
    SshPreload.start();
    System.exit(FleetCommand.commandLine().execute(args));
  }
}
