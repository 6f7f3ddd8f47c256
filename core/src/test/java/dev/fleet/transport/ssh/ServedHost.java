package dev.fleet.transport.ssh;

import dev.fleet.transport.Connection;
import dev.fleet.transport.TransportException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a transport test starts once per class: an in-process server running real sh, with
 * optionally a stand-in {@code sudo} on its PATH, a client key it trusts, known_hosts naming it,
 * and a connector with the tests' fast options.
 */
final class ServedHost implements AutoCloseable {
  final TestServer server;
  final Path key;
  final Path knownHosts;
  final SshConnector connector;

  private ServedHost(TestServer server, Path key, Path knownHosts, SshConnector connector) {
    this.server = server;
    this.key = key;
    this.knownHosts = knownHosts;
    this.connector = connector;
  }

  /** {@code sudoScript}: the text of a {@code sudo} put on the server's PATH; null for none. */
  static ServedHost start(Path dir, String sudoScript) throws Exception {
    Path key = TestKeys.generate(dir, "ed25519", "");
    Path fakeBin = null;
    if (sudoScript != null) {
      fakeBin = Files.createDirectories(dir.resolve("bin"));
      Path sudo = Files.writeString(fakeBin.resolve("sudo"), sudoScript);
      sudo.toFile().setExecutable(true);
    }
    TestServer server = TestServer.start(TestKeys.pub(key), true, fakeBin);
    Path knownHosts = dir.resolve("known_hosts");
    server.writeKnownHosts(knownHosts);
    return new ServedHost(server, key, knownHosts, new SshConnector(TestKeys.fastOptions()));
  }

  /** A connection as host web1. */
  Connection connect() throws TransportException {
    return connector.connect(TestKeys.host("web1", server.port(), key, knownHosts));
  }

  @Override
  public void close() throws Exception {
    connector.close();
    server.close();
  }
}
