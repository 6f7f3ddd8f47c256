package dev.fleet.cli;


/** Entry point of the {@code fleet} launcher. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(FleetCommand.commandLine().execute(args));
  }
}
