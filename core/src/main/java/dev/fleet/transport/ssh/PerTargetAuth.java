package dev.fleet.transport.ssh;

import java.net.SocketAddress;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.session.SessionContext;

/**
 * Client-wide hooks that hand each session the host key check and keys of the connect it belongs
 * to. A session without a {@link ConnectTarget} is refused: nothing falls back to trusting a key.
 */
final class PerTargetAuth implements ServerKeyVerifier, KeyIdentityProvider {

  @Override
  public boolean verifyServerKey(ClientSession session, SocketAddress remote, PublicKey key) {
    ConnectTarget target = targetOf(session);
    return target != null && target.hostKeys().verifyServerKey(session, remote, key);
  }

  @Override
  public Iterable<KeyPair> loadKeys(SessionContext session) {
    ConnectTarget target = session instanceof ClientSession client ? targetOf(client) : null;
    return target == null ? List.of() : target.keys();
  }

  private static ConnectTarget targetOf(ClientSession session) {
    AttributeRepository context = session.getConnectionContext();
    return context == null ? null : context.getAttribute(ConnectTarget.KEY);
  }
}
