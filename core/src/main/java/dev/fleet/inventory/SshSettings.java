package dev.fleet.inventory;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How to reach a host over SSH. Paths are already resolved (~ expanded, relative to the
 * inventory file); {@code identityFile} and {@code jump} may be null.
 *
 * @param user login user; null or blank lets ~/.ssh/config (then the local user name) decide
 * @param port 0 or less lets ~/.ssh/config (then 22) decide
 * @param jump ProxyJump syntax: {@code [user@]host[:port][,...]}; {@link #NO_JUMP} connects directly
 *     even where ~/.ssh/config names a ProxyJump; null lets ~/.ssh/config decide
 * @param legacyAlgorithms allow ssh-rsa (SHA-1) signatures, CBC ciphers, hmac-sha1 and SHA-1 key
 *     exchange for old servers that offer nothing better; off by default
 * @param passphraseEnv name of the environment variable holding the private key's passphrase;
 *     null means ask on the console when there is one
 * @param keepalive interval between keepalive probes; a peer missing three in a row is dead. Null
 *     or zero means the transport default
 * @param connectAttempts tries per connect for failures another try can cure (refused, reset, no
 *     answer), all within {@code connectTimeout}; 0 means the transport default
 */
public record SshSettings(
    String user,
    int port,
    Path identityFile,
    Path knownHosts,
    HostKeyPolicy hostKeyPolicy,
    String jump,
    boolean sudo,
    Duration connectTimeout,
    boolean legacyAlgorithms,
    String passphraseEnv,
    Duration keepalive,
    int connectAttempts) {

  /** As OpenSSH's {@code ProxyJump none}: no jump host, whatever a group or ~/.ssh/config say. */
  public static final String NO_JUMP = "none";

  /** True when the host is dialled directly because the inventory says so. */
  public boolean jumpSwitchedOff() {
    return NO_JUMP.equals(jump);
  }

  /** The settings before legacy algorithms, passphrase variables and keepalive existed. */
  public SshSettings(
      String user,
      int port,
      Path identityFile,
      Path knownHosts,
      HostKeyPolicy hostKeyPolicy,
      String jump,
      boolean sudo,
      Duration connectTimeout) {
    this(
        user,
        port,
        identityFile,
        knownHosts,
        hostKeyPolicy,
        jump,
        sudo,
        connectTimeout,
        false,
        null,
        null,
        0);
  }
}
