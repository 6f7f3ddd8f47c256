package dev.fleet.transport.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * An in-process SSH server whose exec channels run real {@code /bin/sh -c}, so quoting, process
 * groups and timeout(1) behave as on a host. Optionally without SFTP; sudo is the one found in
 * the given directory, never the machine's own.
 */
final class TestServer implements AutoCloseable {
  final SshServer sshd;
  final KeyPair hostKey;
  final AtomicInteger sessions = new AtomicInteger();

  private TestServer(SshServer sshd, KeyPair hostKey) {
    this.sshd = sshd;
    this.hostKey = hostKey;
  }

  static TestServer start(Path authorizedKey, boolean sftp, Path fakeSudoDir) throws Exception {
    return start(authorizedKey, sftp, fakeSudoDir, KeyUtils.generateKeyPair("ssh-ed25519", 256));
  }

  static TestServer start(Path authorizedKey, boolean sftp, Path fakeSudoDir, KeyPair hostKey)
      throws Exception {
    SshServer sshd = SshServer.setUpDefaultServer();
    sshd.setHost("127.0.0.1");
    sshd.setPort(0);
    sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
    PublicKey allowed =
        AuthorizedKeyEntry.readAuthorizedKeys(authorizedKey)
            .get(0)
            .resolvePublicKey(null, PublicKeyEntryResolver.IGNORING);
    sshd.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(allowed, key));
    sshd.setCommandFactory(
        (channel, command) -> {
          String effective = withFakeSudo(command, fakeSudoDir);
          return new LocalProcessCommand(List.of("/bin/sh", "-c", effective));
        });
    if (sftp) {
      sshd.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
    }
    TestServer server = new TestServer(sshd, hostKey);
    sshd.addSessionListener(
        new SessionListener() {
          @Override
          public void sessionCreated(Session session) {
            server.sessions.incrementAndGet();
          }
        });
    sshd.start();
    return server;
  }

  int port() {
    return sshd.getPort();
  }

  /** A known_hosts line for this server, as OpenSSH writes it for a non-standard port. */
  String knownHostsLine() throws IOException {
    return "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(hostKey.getPublic());
  }

  void writeKnownHosts(Path file) throws IOException {
    Files.writeString(file, "# fleet test\n" + knownHostsLine() + "\n");
  }

  @Override
  public void close() throws IOException {
    sshd.stop(true);
  }

  /** Never runs the machine's real sudo from a test: a leading sudo becomes {@code dir/sudo}. */
  private static String withFakeSudo(String command, Path dir) {
    if (command.startsWith("'sudo' ")) {
      return dir == null ? "exit 126" : "'" + dir.resolve("sudo") + "'" + command.substring(6);
    }
    return command;
  }
}
