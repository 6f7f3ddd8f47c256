package dev.fleet.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command that runs a rollout shares. */
final class RunOptions {
  @Option(names = {"-v", "--verbose"}, description = "Also show each step as it starts.")
  boolean verbose;

  @Option(names = {"-q", "--quiet"}, description = "Print only the summary.")
  boolean quiet;

  @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation on a terminal (without a terminal fleet never asks).")
  boolean yes;

  @Option(names = "--json", paramLabel = "FILE", description = "Write the whole run as JSON to FILE.")
  Path json;

  @Option(names = "--junit", paramLabel = "FILE", description = "Write JUnit XML (one test case per host) to FILE, for Jenkins' junit step.")
  Path junit;

  @Option(names = "--log-dir", paramLabel = "DIR", description = "Keep the lock and the runs (journal, transcripts) in DIR instead of .fleet/ beside the inventory.")
  Path logDir;

  @Option(
      names = "--break-lock",
      description = "Take over the inventory's lock if the run holding it is dead (stale).")
  boolean breakLock;
}
