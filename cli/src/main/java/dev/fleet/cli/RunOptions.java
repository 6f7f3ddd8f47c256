package dev.fleet.cli;

import picocli.CommandLine.Option;

/** Options every command that runs a rollout shares. */
final class RunOptions {
  @Option(names = {"-v", "--verbose"}, description = "Also show each step as it starts.")
  boolean verbose;

  @Option(
      names = "--break-lock",
      description = "Take over the inventory's lock if the run holding it is dead (stale).")
  boolean breakLock;
}
