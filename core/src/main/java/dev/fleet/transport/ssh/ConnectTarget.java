package dev.fleet.transport.ssh;

import dev.fleet.inventory.Host;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.KeyPair;
import java.util.List;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.util.net.SshdSocketAddress;

/**
 * Everything one connect attempt needs that Apache SSHD would otherwise take from client-wide
 * settings: the keys to offer and the host key check. It travels as the connect context, so it
 * also reaches the sessions SSHD opens by itself to jump hosts.
 *
 * @param host the inventory host
 * @param hostName the name actually dialled (after ~/.ssh/config HostName)
 * @param port the port actually dialled
 * @param user the login user
 * @param jump the ProxyJump spec, or null
 * @param hops the jump hosts, first hop first
 * @param keys the key pairs to offer, already decrypted
 * @param hostKeys the known_hosts check for this attempt
 */
record ConnectTarget(
    Host host,
    String hostName,
    int port,
    String user,
    String jump,
    List<SshdSocketAddress> hops,
    List<KeyPair> keys,
    KnownHostsCheck hostKeys) {

  static final AttributeKey<ConnectTarget> KEY = new AttributeKey<>();

  /** Where the host key and login errors point: {@code deploy@web7.example:22}. */
  String where() {
    return user + "@" + hostName + ":" + port + (jump == null ? "" : " via " + jump);
  }

  /**
   * Which machine a session talks to, as known_hosts names it. Sessions to the target through a
   * jump host dial a local forwarded port, so anything that is not a hop is the target.
   */
  SshdSocketAddress identify(SocketAddress dialled) {
    if (dialled instanceof InetSocketAddress inet) {
      for (SshdSocketAddress hop : hops) {
        if (hop.getHostName().equals(inet.getHostString()) && hop.getPort() == inet.getPort()) {
          return hop;
        }
      }
    }
    return new SshdSocketAddress(hostName, port);
  }
}
