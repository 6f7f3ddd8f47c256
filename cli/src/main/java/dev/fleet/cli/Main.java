package dev.fleet.cli;

import picocli.CommandLine;

/** Entry point of the {@code fleet} launcher. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(FleetCommand.commandLine().execute(args));
  }
}
