package dev.fleet.cli;

import picocli.CommandLine.Option;

/** {@code --batches}, for the read-only command that shows the batches (plan). */
final class BatchesOption {
  @Option(names = "--batches", paramLabel = "SIZES", description = "Batch sizes, e.g. 1,10%%,100%% (upgrade.batches).")
  String sizes;
}
