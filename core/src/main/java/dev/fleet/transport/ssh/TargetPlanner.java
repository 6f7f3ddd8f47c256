package dev.fleet.transport.ssh;

import dev.fleet.inventory.Host;
import dev.fleet.inventory.HostKeyPolicy;
import dev.fleet.inventory.SshSettings;
import dev.fleet.transport.TransportException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.client.config.hosts.HostConfigEntry;
import org.apache.sshd.common.util.net.SshdSocketAddress;

/** Works out, before any packet is sent, whom to dial, through which hops, with which keys. */
final class TargetPlanner {
  private static final List<String> DEFAULT_KEYS = List.of("id_ed25519", "id_ecdsa", "id_rsa");

  private final HostNames names;
  private final KeyFiles keyFiles;
  private final KnownHostsFiles knownHostsFiles = new KnownHostsFiles();

  TargetPlanner(HostNames names, KeyFiles keyFiles) {
    this.names = names;
    this.keyFiles = keyFiles;
  }

  ConnectTarget plan(Host host) throws TransportException {
    SshSettings ssh = host.ssh();
    try {
      HostConfigEntry entry = names.resolve(host.address(), ssh.port(), ssh.user());
      String jump = jump(ssh, entry);
      List<KeyPair> keys = new ArrayList<>();
      for (Path file : identityFiles(ssh, entry)) {
        keys.addAll(keyFiles.load(host.name(), file, ssh.passphraseEnv()));
      }
      KnownHostsCheck hostKeys = new KnownHostsCheck(knownHosts(ssh), policy(ssh), knownHostsFiles);
      ConnectTarget target =
          new ConnectTarget(
              host,
              entry.getHostName(),
              entry.getPort(),
              entry.getUsername(),
              jump,
              hops(jump),
              List.copyOf(keys),
              hostKeys);
      hostKeys.bind(target);
      return target;
    } catch (IOException e) {
      throw new TransportException(
          host.name() + ": cannot resolve " + host.address() + ": " + e.getMessage(), false, e);
    }
  }

  /**
   * The inventory's jump host, else ~/.ssh/config's ProxyJump; null dials directly. The
   * inventory's {@code none} wins over ~/.ssh/config, as {@code ssh -J none} does.
   */
  static String jump(SshSettings ssh, HostConfigEntry entry) {
    if (ssh.jumpSwitchedOff()) {
      return null;
    }
    String jump = ssh.jump() != null && !ssh.jump().isBlank() ? ssh.jump() : entry.getProxyJump();
    return jump == null || jump.isBlank() || jump.strip().equalsIgnoreCase(SshSettings.NO_JUMP) ? null : jump;
  }

  private List<SshdSocketAddress> hops(String jump) throws IOException {
    List<SshdSocketAddress> hops = new ArrayList<>();
    if (jump == null) {
      return hops;
    }
    for (String hop : jump.split(",")) {
      String spec = hop.strip().replaceFirst("^ssh://", "");
      String user = null;
      int at = spec.lastIndexOf('@');
      if (at >= 0) {
        user = spec.substring(0, at);
        spec = spec.substring(at + 1);
      }
      int port = 0;
      int colon = spec.lastIndexOf(':');
      if (colon > 0 && spec.indexOf(':') == colon) {
        port = Integer.parseInt(spec.substring(colon + 1));
        spec = spec.substring(0, colon);
      }
      HostConfigEntry entry = names.resolve(spec, port, user);
      hops.add(new SshdSocketAddress(entry.getHostName(), entry.getPort()));
    }
    return hops;
  }

  /** The inventory's key, else ~/.ssh/config's, else OpenSSH's default file names that exist. */
  private static List<Path> identityFiles(SshSettings ssh, HostConfigEntry entry) {
    if (ssh.identityFile() != null) {
      return List.of(ssh.identityFile());
    }
    if (!entry.getIdentities().isEmpty()) {
      return entry.getIdentities().stream().map(Path::of).filter(Files::isRegularFile).toList();
    }
    Path dir = Path.of(System.getProperty("user.home"), ".ssh");
    return DEFAULT_KEYS.stream().map(dir::resolve).filter(Files::isRegularFile).toList();
  }

  private static Path knownHosts(SshSettings ssh) {
    return ssh.knownHosts() != null
        ? ssh.knownHosts()
        : Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
  }

  private static HostKeyPolicy policy(SshSettings ssh) {
    return ssh.hostKeyPolicy() == null ? HostKeyPolicy.STRICT : ssh.hostKeyPolicy();
  }
}
