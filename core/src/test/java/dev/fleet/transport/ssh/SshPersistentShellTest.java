package dev.fleet.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.inventory.Host;
import dev.fleet.inventory.HostKeyPolicy;
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

/**
 * The persistent shell of a connection: its commands share one shell on the host, what they
 * print and return arrives as an exec would bring it, a stream runs in the shell too and leaves it
 * to the next request, and a shell that dies under a command fails that command as a lost
 * connection and is replaced for the next.
 */
class SshPersistentShellTest {
  private static final Duration TEN_SECONDS = Duration.ofSeconds(10);
  /**
   * The pid of the process that started the script: the loop, if there is one (under its
   * watchdog, as here where bash is, a request is the loop's own child).
   */
  private static final String LOOP_PID = "echo \"$PPID\"";

  @TempDir static Path dir;
  static ServedHost served;

  @BeforeAll
  static void start() throws Exception {
    // A sudo that lets everything through, as NOPASSWD does; it records each time it runs.
    served = ServedHost.start(dir, "#!/bin/sh\necho run >> \"$0.log\"\nwhile [ \"$1\" != -- ]; do shift; done; shift\nexec \"$@\"\n");
  }

  @AfterAll
  static void stop() throws Exception {
    served.close();
  }

  private Connection connect() throws TransportException {
    return served.connect();
  }

  /**
   * The loop's pid: a command waits for its shell to greet, so the first answer is already the
   * loop's; this asks until two answers in a row agree all the same, so a command that went as an
   * exec cannot pass for the shell. The deadline only fails a hang: the case where every command
   * gets a shell of its own.
   */
  private static String settledLoop(Connection c, boolean privileged) throws Exception {
    long guard = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    String last = null;
    while (System.nanoTime() < guard) {
      RemoteCommand pid = privileged ? RemoteCommand.privileged("pid", LOOP_PID) : RemoteCommand.of("pid", LOOP_PID);
      String now = c.run(pid, TEN_SECONDS).stdout().strip();
      if (now.equals(last)) {
        return now;
      }
      last = now;
    }
    throw new AssertionError("each command got a shell of its own");
  }

  @Test
  void commandsOfOneConnectionRunInOneShell() throws Exception {
    try (Connection c = connect()) {
      String loop = settledLoop(c, false);
      for (int i = 0; i < 3; i++) {
        assertEquals(loop, c.run(RemoteCommand.of("again", LOOP_PID), TEN_SECONDS).stdout().strip());
      }
    }
  }

  @Test
  void answersArriveExactlyAsWritten() throws Exception {
    String tricky = "line one\nit's \"quoted\" $HOME `x` \\ \n\nno newline at the end";
    try (Connection c = connect()) {
      settledLoop(c, false);
      CommandResult r =
          c.run(
              RemoteCommand.of("echo", "printf '%s' \"$1\"; printf 'err\\n\\n' >&2; printf '%s' \"$2\" >&2; exit 7", tricky, "tail"),
              TEN_SECONDS);
      assertEquals(new CommandResult(7, tricky, "err\n\ntail"), r);
      // Empty output, and a script with newlines of its own, then the next answer is its own.
      assertEquals(new CommandResult(0, "", ""), c.run(RemoteCommand.of("quiet", "true\n\ntrue\n"), TEN_SECONDS));
      assertEquals(new CommandResult(0, "ok\n", ""), c.run(RemoteCommand.of("ok", "echo ok"), TEN_SECONDS));
      // A command cannot read the shell's requests: its stdin is empty.
      assertEquals(new CommandResult(0, "0\n", ""), c.run(RemoteCommand.of("stdin", "wc -c | tr -d ' '"), TEN_SECONDS));
    }
  }

  @Test
  void aShellKilledUnderACommandIsALostConnectionAndTheNextCommandGetsANewShell() throws Exception {
    try (Connection c = connect()) {
      String loop = settledLoop(c, false);
      TransportException e =
          assertThrows(
              TransportException.class,
              () -> c.run(RemoteCommand.of("drain", "kill -9 \"$1\"; exec sleep 3 >/dev/null 2>&1", loop), Duration.ofMinutes(2)));
      assertTrue(e.retryable(), e.getMessage());
      assertTrue(e.getMessage().startsWith("web1: connection lost while running drain"), e.getMessage());
      String next = c.run(RemoteCommand.of("pid", LOOP_PID), TEN_SECONDS).stdout().strip();
      assertNotEquals(loop, next, "the dead shell was asked again");
    }
  }

  @Test
  void aCommandPastItsDeadlineIsStoppedOnTheHostAndTheShellGoesOn() throws Exception {
    Path pidFile = dir.resolve("shell-hung.pid");
    try (Connection c = connect()) {
      String loop = settledLoop(c, false);
      TransportException e =
          assertThrows(
              TransportException.class,
              () -> c.run(RemoteCommand.of("hang", "sleep 300 & echo $! > \"$1\"; wait", pidFile.toString()), Duration.ofMillis(700)));
      assertTrue(e.getMessage().startsWith("web1: hang did not finish within 0.700s; stopped on the host"), e.getMessage());
      assertTrue(!e.retryable(), e.getMessage());
      assertEquals(loop, c.run(RemoteCommand.of("next", LOOP_PID), TEN_SECONDS).stdout().strip());
    }
    String pid = Files.readString(pidFile).strip();
    assertTrue(TestProcesses.gone(pid), "sleep " + pid + " still runs on the host");
  }

  @Test
  void aStreamRunsInTheConnectionsShellAndItsStopLeavesTheShellReadyForTheNextRequest() throws Exception {
    Path stopped = dir.resolve("stream-stopped");
    // The first record names the loop; each ask gets a look; what ends the loop is written down.
    String paced =
        "printf '%s\\n\\n' \"$(" + LOOP_PID + ")\"\n"
            + "while IFS= read -r ask && [ \"$ask\" = " + RecordStream.MORE + " ]; do printf 'look\\n\\n'; done\n"
            + "printf '%s' \"$ask\" > \"$1\"";
    try (Connection c = connect()) {
      String loop = settledLoop(c, false);
      try (RecordStream watch = c.stream(RemoteCommand.of("watch", paced, stopped.toString()), TEN_SECONDS)) {
        assertEquals(Optional.of(loop + "\n"), watch.next(TEN_SECONDS));
        assertEquals(Optional.of("look\n"), watch.next(TEN_SECONDS));
        assertEquals(Optional.of("look\n"), watch.next(TEN_SECONDS));
      }
      // The shell ran the stream's command to its end before it read this request.
      assertEquals(new CommandResult(0, loop + "\n", ""), c.run(RemoteCommand.of("next", LOOP_PID), TEN_SECONDS));
      assertEquals(RecordStream.STOP, Files.readString(stopped));
    }
  }

  @Test
  void aStreamClosedWhileItsCommandWorksGivesUpItsShellAndTheNextRequestGetsANewOne() throws Exception {
    Path gate = dir.resolve("never-opened");
    String busy =
        "printf '%s\\n\\n' \"$(" + LOOP_PID + ")\"; IFS= read -r ask; while [ ! -e \"$1\" ]; do sleep 0.05; done";
    try (Connection c = connect()) {
      String loop = settledLoop(c, false);
      try (RecordStream watch = c.stream(RemoteCommand.of("watch", busy, gate.toString()), TEN_SECONDS)) {
        assertEquals(Optional.of(loop + "\n"), watch.next(TEN_SECONDS));
        // Asked for a record it never prints: however long this waits, the command is at work.
        assertEquals(Optional.empty(), watch.next(Duration.ofMillis(100)));
      }
      String next = c.run(RemoteCommand.of("next", LOOP_PID), TEN_SECONDS).stdout().strip();
      assertNotEquals(loop, next, "a request waited behind a command that was still at work");
    }
  }

  @Test
  void privilegedCommandsOfASudoUserShareOneRootShell() throws Exception {
    Host host =
        TestKeys.host(
            "web2", "127.0.0.1", served.server.port(), "deploy", served.key, served.knownHosts, HostKeyPolicy.STRICT, true);
    Path log = dir.resolve("bin/sudo.log");
    Files.deleteIfExists(log);
    try (Connection c = served.connector.connect(host)) {
      String rootLoop = settledLoop(c, true);
      long sudos = Files.readAllLines(log).size();
      for (int i = 0; i < 3; i++) {
        assertEquals(rootLoop, c.run(RemoteCommand.privileged("again", LOOP_PID), TEN_SECONDS).stdout().strip());
      }
      assertEquals(sudos, Files.readAllLines(log).size(), "sudo ran again for a command of the root shell");
      assertNotEquals(rootLoop, settledLoop(c, false), "an unprivileged command ran in the root shell");
    }
  }
}
