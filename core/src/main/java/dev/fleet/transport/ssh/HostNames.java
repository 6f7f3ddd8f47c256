package dev.fleet.transport.ssh;

import dev.fleet.inventory.SshSettings;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.file.Path;
import org.apache.sshd.client.config.hosts.ConfigFileHostEntryResolver;
import org.apache.sshd.client.config.hosts.HostConfigEntry;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.util.OsUtils;

/**
 * Turns a name into what to dial, as OpenSSH would: values given explicitly win, then
 * ~/.ssh/config (HostName, User, Port, IdentityFile, ProxyJump; {@code ProxyJump none} means
 * none), then the local user and port 22.
 * Also used by Apache SSHD for the hops of a ProxyJump.
 */
final class HostNames implements HostConfigEntryResolver {
  private final HostConfigEntryResolver config;

  HostNames(Path sshConfig) {
    this.config =
        sshConfig == null ? HostConfigEntryResolver.EMPTY : new ConfigFileHostEntryResolver(sshConfig);
  }

  HostConfigEntry resolve(String name, int port, String user) throws IOException {
    return resolveEffectiveHost(name, port, null, user, null, null);
  }

  @Override
  public HostConfigEntry resolveEffectiveHost(
      String host,
      int port,
      SocketAddress local,
      String user,
      String proxyJump,
      AttributeRepository context)
      throws IOException {
    String explicitUser = user == null || user.isBlank() ? null : user;
    HostConfigEntry entry =
        config.resolveEffectiveHost(host, Math.max(port, 0), local, explicitUser, proxyJump, context);
    if (entry == null) {
      entry = new HostConfigEntry(host, host, port, explicitUser, proxyJump);
    }
    if (entry.getUsername() == null || entry.getUsername().isBlank()) {
      entry.setUsername(OsUtils.getCurrentUser());
    }
    if (entry.getPort() <= 0) {
      entry.setPort(SshConstants.DEFAULT_PORT);
    }
    // OpenSSH's "ProxyJump none" (often on the jump host itself): dial directly. Apache SSHD
    // would take "none" for a host name, here and for each hop it resolves.
    if (SshSettings.NO_JUMP.equalsIgnoreCase(String.valueOf(entry.getProxyJump()).strip())) {
      entry.setProxyJump(null);
    }
    return entry;
  }
}
