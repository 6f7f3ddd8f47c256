package dev.fleet.cli;

import picocli.CommandLine.Option;

/** The new binary, for the read-only commands that look at it (plan, check): a file, or a URL and its sha256. */
final class BinaryOption {
  @Option(names = "--binary", paramLabel = "FILE", description = "The new nginx binary (upgrade.binary).")
  String path;

  @Option(names = "--binary-url", paramLabel = "URL", description = "Where each host downloads the new binary, instead of --binary (upgrade.binary_url; needs a sha256).")
  String url;

  @Option(names = "--sha256", paramLabel = "DIGEST", description = "The new binary's sha256 (upgrade.sha256): required with a URL.")
  String sha256;
}
