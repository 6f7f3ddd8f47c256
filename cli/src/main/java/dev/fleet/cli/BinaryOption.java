package dev.fleet.cli;

import picocli.CommandLine.Option;

/** {@code --binary}, for the read-only commands that look at the new binary (plan, check). */
final class BinaryOption {
  @Option(names = "--binary", paramLabel = "FILE", description = "The new nginx binary (upgrade.binary).")
  String path;
}
