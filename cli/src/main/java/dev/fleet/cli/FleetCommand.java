package dev.fleet.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The top-level {@code fleet} command; each subcommand is its own class. */
@Command(
    name = "fleet",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Upgrades the nginx binary on a fleet of servers over SSH with zero downtime.",
    footer = {"", ExitCode.TABLE})
public final class FleetCommand implements Runnable {
  /** Every subcommand, in the order the top-level --help lists them. */
  static final List<Class<?>> SUBCOMMANDS =
      List.of(UpgradeCommand.class, PlanCommand.class, CheckCommand.class, StatusCommand.class, ResumeCommand.class, RollbackCommand.class, InventoryCommand.class, HistoryCommand.class, UnlockCommand.class, SandboxCommand.class, CompletionCommand.class, CommandLine.HelpCommand.class);

  /** Those that read their siblings: help prints any of them, completion scripts all of them. */
  private static final List<Class<?>> NEED_ALL = List.of(CompletionCommand.class, CommandLine.HelpCommand.class);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** A fully wired command line with every subcommand; tests call this with their own writers. */
  public static CommandLine commandLine() {
    return commandLine(SUBCOMMANDS);
  }

  /**
   * The command line {@code args} need: when they start with a subcommand's name, only that
   * subcommand is built. picocli reads every option of every command it is given by reflection,
   * and building all twelve took a fifth of a second of a rollout's start (a wall-clock profile
   * of `fleet upgrade` on one host); anything else (no name, --help, a misspelt name that
   * deserves picocli's suggestions, help and completion) gets them all.
   */
  static CommandLine commandLineFor(String[] args) {
    if (args.length > 0) {
      for (Class<?> sub : SUBCOMMANDS) {
        if (!NEED_ALL.contains(sub) && sub.getAnnotation(Command.class).name().equals(args[0])) {
          return commandLine(List.of(sub));
        }
      }
    }
    return commandLine();
  }

  private static CommandLine commandLine(List<Class<?>> subcommands) {
    CommandLine cli = new CommandLine(new FleetCommand()).setExecutionExceptionHandler(new ErrorHandler());
    subcommands.forEach(cli::addSubcommand);
    // Left unset, every subcommand would make its own stdout writer on first use, one Main could
    // not flush; set on the root, one pair reaches every command.
    cli.setOut(cli.getOut()).setErr(cli.getErr());
    SettingFlags.addToEvery(cli);
    return UnwrappedFooter.installOn(cli);
  }
}
