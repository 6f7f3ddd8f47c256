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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command read record by record while it runs, on an in-process server running real sh: in the
 * connection's persistent shell and as an exec ({@code -Dfleet.ssh.shell=exec}) alike.
 */
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

  /** A connection whose commands go through its persistent shell, or each as an exec. */
  private static Connection connect(String mode) throws TransportException {
    String before = System.getProperty(Shells.PROPERTY);
    System.setProperty(Shells.PROPERTY, mode);
    try {
      return served.connect();
    } finally {
      if (before == null) {
        System.clearProperty(Shells.PROPERTY);
      } else {
        System.setProperty(Shells.PROPERTY, before);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"persistent", "exec"})
  void eachRecordAfterTheFirstIsAskedForOnce(String mode) throws Exception {
    // The command prints each line it reads as a record: what fleet asked, and how often.
    String echo = "printf 'first\\n\\n'; while IFS= read -r ask; do printf '%s\\n\\n' \"$ask\"; done";
    try (Connection c = connect(mode);
        RecordStream stream = c.stream(RemoteCommand.of("echo", echo), TEN_SECONDS)) {
      assertEquals(Optional.of("first\n"), stream.next(TEN_SECONDS));
      assertEquals(Optional.of(RecordStream.MORE + "\n"), stream.next(TEN_SECONDS));
      assertEquals(Optional.of(RecordStream.MORE + "\n"), stream.next(TEN_SECONDS));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"persistent", "exec"})
  void closingTellsACommandAtItsReadToStop(String mode) throws Exception {
    Path told = dir.resolve("told-" + mode);
    String waits = "printf 'a\\n\\n'; IFS= read -r ask; printf '%s' \"$ask\" > \"$1\"";
    try (Connection c = connect(mode)) {
      try (RecordStream stream = c.stream(RemoteCommand.of("waits", waits, told.toString()), TEN_SECONDS)) {
        assertEquals(Optional.of("a\n"), stream.next(TEN_SECONDS));
      }
      long guard = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (!Files.exists(told) || Files.size(told) == 0) {
        assertTrue(System.nanoTime() < guard, "the command was never told");
        Thread.sleep(10);
      }
      assertEquals(RecordStream.STOP, Files.readString(told));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"persistent", "exec"})
  void eachRecordArrivesWhileTheCommandStillRuns(String mode) throws Exception {
    Path gate = dir.resolve("gate-" + mode);
    // The second record is printed only once the test has read the first: proof of streaming.
    String script = "printf 'a 1\\nb 2\\n\\n'; while [ ! -e \"$1\" ]; do sleep 0.02; done; printf 'c 3\\n\\n'; echo done >&2";
    try (Connection c = connect(mode);
        RecordStream stream = c.stream(RemoteCommand.of("watch", script, gate.toString()), TEN_SECONDS)) {
      assertEquals(Optional.of("a 1\nb 2\n"), stream.next(TEN_SECONDS));
      assertEquals(Optional.empty(), stream.result(), "the command is still waiting for the gate");
      Files.writeString(gate, "");
      assertEquals(Optional.of("c 3\n"), stream.next(TEN_SECONDS));
      assertEquals(Optional.empty(), stream.next(TEN_SECONDS));
      assertEquals(Optional.of(new CommandResult(0, "", "done\n")), stream.result());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"persistent", "exec"})
  void aWaitWithNoRecordReturnsEmptyAndTheCommandGoesOn(String mode) throws Exception {
    Path gate = dir.resolve("slow-gate-" + mode);
    // No record can exist before the test opens the gate, however slow or fast the machine is.
    String script = "while [ ! -e \"$1\" ]; do sleep 0.02; done; printf 'x\\n\\n'";
    try (Connection c = connect(mode);
        RecordStream stream = c.stream(RemoteCommand.of("slow", script, gate.toString()), TEN_SECONDS)) {
      assertEquals(Optional.empty(), stream.next(Duration.ofMillis(100)));
      assertEquals(Optional.empty(), stream.result());
      Files.writeString(gate, "");
      assertEquals(Optional.of("x\n"), stream.next(TEN_SECONDS));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"persistent", "exec"})
  void aRecordCutOffByTheEndIsDroppedAndTheExitStatusKept(String mode) throws Exception {
    try (Connection c = connect(mode);
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
