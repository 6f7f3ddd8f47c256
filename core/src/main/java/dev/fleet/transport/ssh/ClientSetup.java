package dev.fleet.transport.ssh;

import java.time.Duration;
import java.util.List;
import org.apache.sshd.agent.SshAgentFactory;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.core.CoreModuleProperties;

/** Builds the Apache SSHD clients a connector shares between all its hosts. */
final class ClientSetup {
  private ClientSetup() {}

  static SshClient start(
      boolean legacy,
      Duration keepalive,
      SshOptions options,
      HostNames hops,
      SshAgentFactory agent) {
    SshClient client = SshClient.setUpDefaultClient();
    if (legacy) {
      Algorithms.legacy(client);
    } else {
      Algorithms.modern(client);
    }
    PerTargetAuth perTarget = new PerTargetAuth();
    client.setServerKeyVerifier(perTarget);
    client.setKeyIdentityProvider(perTarget);
    // The connector resolves each target itself; SSHD asks this only for ProxyJump hops, which
    // must resolve as the connector planned them (~/.ssh/config, else the local user and port 22).
    client.setHostConfigEntryResolver(hops);
    client.setAgentFactory(agent);
    // Passwords and keyboard-interactive would prompt or hang in a batch run.
    client.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
    client.setUserInteraction(null);
    // Every command is a few small packets each way; with Nagle on, each one waited for the
    // peer's delayed ACK: 40 ms per command, most of a host's upgrade time.
    CoreModuleProperties.TCP_NODELAY.set(client, true);
    CoreModuleProperties.HEARTBEAT_INTERVAL.set(client, keepalive);
    CoreModuleProperties.HEARTBEAT_NO_REPLY_MAX.set(client, options.keepaliveMisses());
    client.start();
    return client;
  }
}
