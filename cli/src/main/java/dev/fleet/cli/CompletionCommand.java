package dev.fleet.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code fleet completion}: picocli's bash completion script for every command and option, built
 * from the same command model as --help, so it never lists an option fleet no longer has. zsh
 * runs it through bashcompinit.
 */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    header = "Print a bash/zsh completion script for fleet.",
    description = "Prints a completion script for bash (and zsh, through bashcompinit) that completes fleet's commands, options and file arguments.",
    footer = {
      "",
      "Examples:",
      "  fleet completion > /etc/bash_completion.d/fleet",
      "  source <(fleet completion)",
      "",
      "In zsh, first:",
      "  autoload -U +X compinit && compinit",
      "  autoload -U +X bashcompinit && bashcompinit"
    })
final class CompletionCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().getOut().print(AutoComplete.bash("fleet", spec.root().commandLine()));
  }
}
