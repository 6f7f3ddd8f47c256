package dev.fleet.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.inventory.Host;
import dev.fleet.transport.Connection;
import dev.fleet.transport.Connector;
import dev.fleet.transport.RecordStream;
import dev.fleet.transport.RemoteCommand;
import dev.fleet.transport.TranscriptConnector;
import dev.fleet.transport.TransportException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a host's transcript says of a command, a command given a file, and a streamed wait. */
class TranscriptTest {
  private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

  @TempDir Path dir;

  @Test
  void eachKindOfCommandIsWrittenWithItsArgumentsAndHowItEnded() throws Exception {
    Path key = TestKeys.generate(dir, "ed25519", "");
    Path input = Files.write(dir.resolve("nginx-new"), new byte[1234]);
    Path transcripts = dir.resolve("transcripts");
    try (TestServer server = TestServer.start(TestKeys.pub(key), false, null);
        SshConnector ssh = new SshConnector(TestKeys.fastOptions())) {
      Path knownHosts = dir.resolve("known_hosts");
      server.writeKnownHosts(knownHosts);
      TranscriptConnector connector = new TranscriptConnector(ssh, transcripts);
      try (Connection c = connector.connect(TestKeys.host("web1", server.port(), key, knownHosts))) {
        c.run(RemoteCommand.of("facts", "echo arch x86_64; echo warn >&2", "/usr/sbin/nginx"), TEN_SECONDS);
        c.run(RemoteCommand.of("stage", "wc -c", "/usr/sbin/.nginx.fleet-new"), input, TEN_SECONDS);
        try (RecordStream watch = c.stream(
            RemoteCommand.of("watch-QUIT", "while :; do printf 'pidfile 7\\n\\n'; sleep 0.01; done", "QUIT"), TEN_SECONDS)) {
          assertEquals(Optional.of("pidfile 7\n"), watch.next(TEN_SECONDS));
          assertEquals(Optional.of("pidfile 7\n"), watch.next(TEN_SECONDS));
        }
      }
    }
    String log = Files.readString(transcripts.resolve("web1.log"));
    assertTrue(log.contains(" connect 127.0.0.1:"), log);
    assertTrue(log.contains("$ facts '/usr/sbin/nginx'\n  exit 0\n  out: arch x86_64\n  err: warn\n"), log);
    assertTrue(log.contains("$ stage '/usr/sbin/.nginx.fleet-new' < " + input + " (1234 bytes)\n  exit 0\n  out: 1234\n"), log);
    assertTrue(log.contains("$ watch-QUIT (streamed) 'QUIT'\n  started 20"), log);
    assertTrue(log.contains("  records: 2\n  first: pidfile 7\n  last: pidfile 7\n  closed by fleet\n"), log);
  }

  /**
   * A transcript directory removed while fleet runs is made again; only the entry that found it
   * gone is lost.
   */
  @Test
  void aRemovedDirectoryIsMadeAgainForTheNextEntry() throws Exception {
    Path transcripts = dir.resolve("transcripts");
    Connector refusing = new Connector() {
      @Override
      public Connection connect(Host host) throws TransportException {
        throw new TransportException("refused for the test", false);
      }

      @Override
      public void close() {}
    };
    TranscriptConnector connector = new TranscriptConnector(refusing, transcripts);
    Host web1 = TestKeys.host("web1", 22, dir.resolve("no-key"), dir.resolve("no-known-hosts"));
    assertThrows(TransportException.class, () -> connector.connect(web1));
    assertTrue(Files.readString(transcripts.resolve("web1.log")).contains("connect failed: refused for the test"));
    Files.delete(transcripts.resolve("web1.log"));
    Files.delete(transcripts);
    assertThrows(TransportException.class, () -> connector.connect(web1)); // "connect" finds no directory
    assertTrue(Files.readString(transcripts.resolve("web1.log")).contains("connect failed: refused for the test"));
  }
}
