package dev.fleet.transport.ssh;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Transport-wide choices that are not per host. Immutable; build once per run.
 *
 * @param connectAttempts tries per connect for transient failures (refused, timed out, reset)
 * @param firstBackoff wait before the second try; doubles for each further try
 * @param sshConfig an OpenSSH client config to read HostName/User/Port/IdentityFile/ProxyJump
 *     from; null reads none
 * @param keepalive keepalive interval for hosts whose settings name none
 * @param keepaliveMisses unanswered keepalives after which the peer counts as dead
 * @param killGrace how long the remote {@code timeout} waits after TERM before KILL, and how
 *     much longer the client waits for the host to report back
 * @param useAgent offer the keys of the ssh-agent at {@code SSH_AUTH_SOCK} when it is set
 */
public record SshOptions(
    int connectAttempts,
    Duration firstBackoff,
    Path sshConfig,
    Duration keepalive,
    int keepaliveMisses,
    Duration killGrace,
    boolean useAgent) {

  public SshOptions {
    if (connectAttempts < 1) {
      throw new IllegalArgumentException("connectAttempts must be at least 1");
    }
    Objects.requireNonNull(firstBackoff, "firstBackoff");
    Objects.requireNonNull(keepalive, "keepalive");
    Objects.requireNonNull(killGrace, "killGrace");
  }

  /** Three tries a second apart and more, ~/.ssh/config when it exists, 15s keepalives. */
  public static SshOptions defaults() {
    Path config = Path.of(System.getProperty("user.home"), ".ssh", "config");
    return new SshOptions(
        3,
        Duration.ofSeconds(1),
        Files.isRegularFile(config) ? config : null,
        Duration.ofSeconds(15),
        3,
        Duration.ofSeconds(2),
        true);
  }

  public SshOptions withConnectAttempts(int attempts, Duration backoff) {
    return new SshOptions(
        attempts, backoff, sshConfig, keepalive, keepaliveMisses, killGrace, useAgent);
  }

  public SshOptions withSshConfig(Path config) {
    return new SshOptions(
        connectAttempts, firstBackoff, config, keepalive, keepaliveMisses, killGrace, useAgent);
  }

  public SshOptions withKeepalive(Duration interval, int misses) {
    return new SshOptions(
        connectAttempts, firstBackoff, sshConfig, interval, misses, killGrace, useAgent);
  }

  public SshOptions withAgent(boolean use) {
    return new SshOptions(
        connectAttempts, firstBackoff, sshConfig, keepalive, keepaliveMisses, killGrace, use);
  }
}
