package dev.fleet.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The top-level {@code fleet} command; each subcommand is its own class. */
@Command(
    name = "fleet",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Upgrades the nginx binary on a fleet of servers over SSH with zero downtime.",
    subcommands = {UpgradeCommand.class, PlanCommand.class, CheckCommand.class, StatusCommand.class, ResumeCommand.class, RollbackCommand.class, InventoryCommand.class, HistoryCommand.class, UnlockCommand.class, SandboxCommand.class, CompletionCommand.class, CommandLine.HelpCommand.class},
    footer = {"", ExitCode.TABLE})
public final class FleetCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** A fully wired command line; tests call this with their own writers. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new FleetCommand()).setExecutionExceptionHandler(new ErrorHandler());
    // Left unset, every subcommand would make its own stdout writer on first use, one Main could
    // not flush; set on the root, one pair reaches every command.
    cli.setOut(cli.getOut()).setErr(cli.getErr());
    SettingFlags.addToEvery(cli);
    return UnwrappedFooter.installOn(cli);
  }
}
