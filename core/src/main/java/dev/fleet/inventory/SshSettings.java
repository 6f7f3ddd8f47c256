package dev.fleet.inventory;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How to reach a host over SSH. Paths are already resolved (~ expanded, relative to the
 * inventory file); {@code identityFile} and {@code jump} may be null.
 */
public record SshSettings(
    String user,
    int port,
    Path identityFile,
    Path knownHosts,
    HostKeyPolicy hostKeyPolicy,
    String jump,
    boolean sudo,
    Duration connectTimeout) {}
