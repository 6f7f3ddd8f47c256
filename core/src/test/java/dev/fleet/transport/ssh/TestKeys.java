package dev.fleet.transport.ssh;

import dev.fleet.inventory.Host;
import dev.fleet.inventory.HostKeyPolicy;
import dev.fleet.inventory.SshSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Key files made by the real ssh-keygen, and hosts pointing at test servers. */
final class TestKeys {
  private TestKeys() {}

  /**
   * Only fails a hang: a handshake on a machine whose cores are busy with other work may take
   * seconds, and no test here is about how long one takes (those that test a connect timeout set
   * their own).
   */
  static final Duration CONNECT_TIMEOUT = Duration.ofMinutes(1);

  static Path generate(Path dir, String type, String passphrase) throws Exception {
    Path key = dir.resolve("id_" + type);
    List<String> cmd =
        new java.util.ArrayList<>(
            List.of("ssh-keygen", "-q", "-t", type, "-N", passphrase, "-C", "fleet-test", "-f", key.toString()));
    if (type.equals("rsa")) {
      cmd.addAll(List.of("-b", "2048"));
    }
    run(cmd);
    return key;
  }

  static void run(List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(cmd + " failed: " + new String(p.getInputStream().readAllBytes()));
    }
  }

  static Path pub(Path key) {
    return Path.of(key + ".pub");
  }

  static Host host(
      String name, String address, int port, String user, Path key, Path knownHosts,
      HostKeyPolicy policy, boolean sudo) {
    SshSettings ssh =
        new SshSettings(user, port, key, knownHosts, policy, null, sudo, CONNECT_TIMEOUT);
    return new Host(name, address, List.of(), ssh, null);
  }

  static Host host(String name, int port, Path key, Path knownHosts) {
    return host(name, "127.0.0.1", port, "deploy", key, knownHosts, HostKeyPolicy.STRICT, false);
  }

  /**
   * No ~/.ssh/config, no agent, and one retry 50 ms later instead of three a second apart: tests
   * that count sessions see exactly one retry, and a refusal is reported without a wait. Nothing
   * here is a deadline.
   */
  static SshOptions fastOptions() {
    return SshOptions.defaults()
        .withSshConfig(null)
        .withAgent(false)
        .withConnectAttempts(2, Duration.ofMillis(50));
  }
}
