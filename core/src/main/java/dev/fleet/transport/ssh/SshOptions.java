package dev.fleet.transport.ssh;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
 * @param shellScripts the scripts whose pieces each persistent shell holds from its start (see
 *     {@code ShellLibrary}): fleet's own, never anything from an inventory; any other script still
 *     runs, sent whole
 */
public record SshOptions(
    int connectAttempts,
    Duration firstBackoff,
    Path sshConfig,
    Duration keepalive,
    int keepaliveMisses,
    Duration killGrace,
    boolean useAgent,
    List<String> shellScripts) {

  public SshOptions {
    if (connectAttempts < 1) {
      throw new IllegalArgumentException("connectAttempts must be at least 1");
    }
    Objects.requireNonNull(firstBackoff, "firstBackoff");
    Objects.requireNonNull(keepalive, "keepalive");
    Objects.requireNonNull(killGrace, "killGrace");
    shellScripts = List.copyOf(shellScripts);
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
        true,
        List.of());
  }

  public SshOptions withConnectAttempts(int attempts, Duration backoff) {
    return new SshOptions(
        attempts, backoff, sshConfig, keepalive, keepaliveMisses, killGrace, useAgent, shellScripts);
  }

  public SshOptions withSshConfig(Path config) {
    return new SshOptions(
        connectAttempts, firstBackoff, config, keepalive, keepaliveMisses, killGrace, useAgent, shellScripts);
  }

  public SshOptions withKeepalive(Duration interval, int misses) {
    return new SshOptions(
        connectAttempts, firstBackoff, sshConfig, interval, misses, killGrace, useAgent, shellScripts);
  }

  public SshOptions withShellScripts(List<String> scripts) {
    return new SshOptions(
        connectAttempts, firstBackoff, sshConfig, keepalive, keepaliveMisses, killGrace, useAgent, scripts);
  }

  public SshOptions withAgent(boolean use) {
    return new SshOptions(
        connectAttempts, firstBackoff, sshConfig, keepalive, keepaliveMisses, killGrace, use, shellScripts);
  }
}
