package dev.fleet.transport.ssh;

import java.time.Duration;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.agent.SshAgentFactory;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import java.util.List;
import org.apache.sshd.core.CoreModuleProperties;

/** Builds the Apache SSHD clients a connector shares between all its hosts. */
final class ClientSetup {
  private ClientSetup() {}

  static SshClient start(
      boolean legacy, Duration keepalive, SshOptions options, SshAgentFactory agent) {
    SshClient client = SshClient.setUpDefaultClient();
    if (legacy) {
      Algorithms.legacy(client);
    } else {
      Algorithms.modern(client);
    }
    PerTargetAuth perTarget = new PerTargetAuth();
    client.setServerKeyVerifier(perTarget);
    client.setKeyIdentityProvider(perTarget);
    // Host names are resolved by the connector, which reads ~/.ssh/config itself.
    client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
    client.setAgentFactory(agent);
    // Passwords and keyboard-interactive would prompt or hang in a batch run.
    client.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
    client.setUserInteraction(null);
    CoreModuleProperties.HEARTBEAT_INTERVAL.set(client, keepalive);
    CoreModuleProperties.HEARTBEAT_NO_REPLY_MAX.set(client, options.keepaliveMisses());
    client.start();
    return client;
  }
}
