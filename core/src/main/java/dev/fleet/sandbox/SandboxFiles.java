package dev.fleet.sandbox;

import java.nio.file.Path;

/** Where a sandbox keeps the files a fleet run needs; all under the state dir. */
record SandboxFiles(Path clientKey, Path knownHosts, Path inventory, Path newBinary, Path hostsDir) {

  static SandboxFiles in(Path dir) {
    return new SandboxFiles(
        dir.resolve("client/id_ed25519"),
        dir.resolve("client/known_hosts"),
        dir.resolve("inventory.yaml"),
        dir.resolve("nginx-new"),
        dir.resolve("hosts"));
  }
}
