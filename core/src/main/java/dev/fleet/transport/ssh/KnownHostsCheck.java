package dev.fleet.transport.ssh;

import dev.fleet.inventory.HostKeyPolicy;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.util.net.SshdSocketAddress;

/**
 * The known_hosts check for one connect attempt. Apache SSHD does the matching (hashed entries,
 * {@code [host]:port}); this class decides what an unknown or changed key means and remembers why
 * it refused, so the error can show the offered fingerprint and the known_hosts line.
 */
final class KnownHostsCheck extends KnownHostsServerKeyVerifier {
  private static final ConcurrentMap<Path, Object> WRITE_LOCKS = new ConcurrentHashMap<>();

  private final HostKeyPolicy policy;
  private final KnownHostsFiles files;
  private volatile ConnectTarget target;
  private volatile String refusal;
  /** Why the last read of the file failed; null once it was read. */
  private volatile Throwable unreadable;

  KnownHostsCheck(Path knownHosts, HostKeyPolicy policy, KnownHostsFiles files) {
    super(verifierFor(policy), knownHosts);
    this.policy = policy;
    this.files = files;
  }

  /**
   * The file's entries as the connector last parsed them, unless it changed since. A file that
   * cannot be read is remembered: Apache SSHD would go on with no entries at all.
   */
  @Override
  protected List<HostEntryPair> reloadKnownHosts(ClientSession session, Path file)
      throws IOException, GeneralSecurityException {
    try {
      List<HostEntryPair> entries = files.entries(file, () -> super.reloadKnownHosts(session, file));
      unreadable = null;
      return entries;
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      unreadable = e;
      throw e;
    }
  }

  /**
   * Without this, a known_hosts that could not be read looked empty: every host unknown, and under
   * accept-new any key accepted (a changed one too) and appended.
   */
  @Override
  protected boolean acceptKnownHostEntries(
      ClientSession session, SocketAddress remote, PublicKey key, Collection<HostEntryPair> known) {
    Throwable reason = unreadable;
    if (reason != null) {
      return acceptIncompleteHostKeys(session, remote, key, reason);
    }
    return super.acceptKnownHostEntries(session, remote, key, known);
  }

  /**
   * Only reached for hosts that have no entry at all. Under accept-new the base class records the
   * key after this says yes; a changed key never gets here.
   */
  private static ServerKeyVerifier verifierFor(HostKeyPolicy policy) {
    if (policy == HostKeyPolicy.ACCEPT_NEW) {
      return (session, address, key) -> true;
    }
    return RejectAllServerKeyVerifier.INSTANCE;
  }

  void bind(ConnectTarget target) {
    this.target = target;
  }

  /** Why the last key was refused, or null when none was. */
  String refusal() {
    return refusal;
  }

  @Override
  protected boolean acceptUnknownHostKey(
      ClientSession session, SocketAddress remote, PublicKey key) {
    boolean accepted = super.acceptUnknownHostKey(session, remote, key);
    if (!accepted) {
      refusal =
          "unknown host key "
              + fingerprint(key)
              + " for "
              + target.identify(session.getConnectAddress())
              + ", not in "
              + getPath()
              + " (host_key_policy is strict; add the key or use accept-new)";
    }
    return accepted;
  }

  @Override
  public boolean acceptModifiedServerKey(
      ClientSession session,
      SocketAddress remote,
      KnownHostEntry entry,
      PublicKey expected,
      PublicKey actual) {
    refusal =
        "host key changed: offered "
            + fingerprint(actual)
            + " ; "
            + getPath().getFileName()
            + " line "
            + lineOf(entry.getConfigLine())
            + ": "
            + entry.getConfigLine();
    return false;
  }

  /** A known_hosts file that cannot be read must not turn every host into a new one. */
  @Override
  protected boolean acceptIncompleteHostKeys(
      ClientSession session, SocketAddress remote, PublicKey key, Throwable reason) {
    refusal = "cannot read " + getPath() + ": " + reason.getMessage();
    return false;
  }

  /** known_hosts names the host as the inventory dialled it, never a forwarded local port. */
  @Override
  protected Collection<SshdSocketAddress> resolveHostNetworkIdentities(
      ClientSession session, SocketAddress remote) {
    return List.of(target.identify(session.getConnectAddress()));
  }

  /** Parallel connects under accept-new append to the same file. */
  @Override
  protected KnownHostEntry updateKnownHostsFile(
      ClientSession session,
      SocketAddress remote,
      PublicKey key,
      Path file,
      Collection<HostEntryPair> known)
      throws Exception {
    Files.createDirectories(file.toAbsolutePath().getParent());
    synchronized (WRITE_LOCKS.computeIfAbsent(file.toAbsolutePath(), p -> new Object())) {
      return super.updateKnownHostsFile(session, remote, key, file, known);
    }
  }

  HostKeyPolicy policy() {
    return policy;
  }

  static String fingerprint(PublicKey key) {
    return KeyUtils.getFingerPrint(key);
  }

  private String lineOf(String configLine) {
    try {
      List<String> lines = Files.readAllLines(getPath());
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).strip().equals(configLine.strip())) {
          return String.valueOf(i + 1);
        }
      }
    } catch (IOException e) {
      // the line text below is what matters; the number is a convenience
    }
    return "?";
  }
}
