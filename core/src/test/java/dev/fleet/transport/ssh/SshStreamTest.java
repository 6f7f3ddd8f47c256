package dev.fleet.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.transport.CommandResult;
import dev.fleet.transport.Connection;
import dev.fleet.transport.RecordStream;
import dev.fleet.transport.RemoteCommand;
import dev.fleet.transport.TransportException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A command read record by record while it runs, on an in-process server running real sh. */
class SshStreamTest {
  private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

  @TempDir static Path dir;
  static ServedHost served;

  @BeforeAll
  static void start() throws Exception {
    served = ServedHost.start(dir, null);
  }

  @AfterAll
  static void stop() throws Exception {
    served.close();
  }

  private Connection connect() throws TransportException {
    return served.connect();
  }

  @Test
  void eachRecordArrivesWhileTheCommandStillRuns() throws Exception {
    Path gate = dir.resolve("gate");
    // The second record is printed only once the test has read the first: proof of streaming.
    String script = "printf 'a 1\\nb 2\\n\\n'; while [ ! -e \"$1\" ]; do sleep 0.02; done; printf 'c 3\\n\\n'; echo done >&2";
    try (Connection c = connect();
        RecordStream stream = c.stream(RemoteCommand.of("watch", script, gate.toString()), TEN_SECONDS)) {
      assertEquals(Optional.of("a 1\nb 2\n"), stream.next(TEN_SECONDS));
      assertEquals(Optional.empty(), stream.result(), "the command is still waiting for the gate");
      Files.writeString(gate, "");
      assertEquals(Optional.of("c 3\n"), stream.next(TEN_SECONDS));
      assertEquals(Optional.empty(), stream.next(TEN_SECONDS));
      assertEquals(Optional.of(new CommandResult(0, "", "done\n")), stream.result());
    }
  }

  @Test
  void aWaitWithNoRecordReturnsEmptyAndTheCommandGoesOn() throws Exception {
    Path gate = dir.resolve("slow-gate");
    // No record can exist before the test opens the gate, however slow or fast the machine is.
    String script = "while [ ! -e \"$1\" ]; do sleep 0.02; done; printf 'x\\n\\n'";
    try (Connection c = connect();
        RecordStream stream = c.stream(RemoteCommand.of("slow", script, gate.toString()), TEN_SECONDS)) {
      assertEquals(Optional.empty(), stream.next(Duration.ofMillis(100)));
      assertEquals(Optional.empty(), stream.result());
      Files.writeString(gate, "");
      assertEquals(Optional.of("x\n"), stream.next(TEN_SECONDS));
    }
  }

  @Test
  void aRecordCutOffByTheEndIsDroppedAndTheExitStatusKept() throws Exception {
    try (Connection c = connect();
        RecordStream stream =
            c.stream(RemoteCommand.of("refused", "printf 'pidfile 1\\n\\npidfile 2\\n'; echo 'no such pid' >&2; exit 3"), TEN_SECONDS)) {
      assertEquals(Optional.of("pidfile 1\n"), stream.next(TEN_SECONDS));
      assertEquals(Optional.empty(), stream.next(TEN_SECONDS));
      assertEquals(Optional.of(new CommandResult(3, "", "no such pid\n")), stream.result());
      assertEquals(Optional.empty(), stream.next(TEN_SECONDS), "an ended stream stays ended");
    }
  }

  @Test
  void aConnectionCutMidStreamIsARetryableTransportException() throws Exception {
    try (TcpProxy proxy = new TcpProxy(served.server.port());
        SshConnector own = new SshConnector(TestKeys.fastOptions())) {
      Path known = Files.createTempFile(dir, "known", "");
      Files.writeString(known, "[127.0.0.1]:" + proxy.port() + " "
          + org.apache.sshd.common.config.keys.PublicKeyEntry.toString(served.server.hostKey.getPublic()));
      try (Connection c = own.connect(TestKeys.host("web5", proxy.port(), served.key, known));
          RecordStream stream =
              c.stream(RemoteCommand.of("watch", "while :; do printf 'x\\n\\n'; sleep 0.05; done"), TEN_SECONDS)) {
        assertEquals(Optional.of("x\n"), stream.next(TEN_SECONDS));
        proxy.cut();
        TransportException e = assertThrows(TransportException.class, () -> {
          while (true) {
            stream.next(TEN_SECONDS);
          }
        });
        assertTrue(e.retryable(), e.getMessage());
        assertTrue(e.getMessage().startsWith("web5: connection lost while running watch"), e.getMessage());
      }
    }
  }
}
