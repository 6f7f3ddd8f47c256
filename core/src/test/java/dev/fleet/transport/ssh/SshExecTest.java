package dev.fleet.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.inventory.Host;
import dev.fleet.inventory.HostKeyPolicy;
import dev.fleet.transport.CommandResult;
import dev.fleet.transport.Connection;
import dev.fleet.transport.RemoteCommand;
import dev.fleet.transport.TransportException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshExecTest {
  private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

  @TempDir static Path dir;
  static ServedHost served;

  @BeforeAll
  static void start() throws Exception {
    // A sudo that wants a password, as `sudo -n` does for users without NOPASSWD.
    served = ServedHost.start(dir, "#!/bin/sh\necho 'sudo: a password is required' >&2\nexit 1\n");
  }

  @AfterAll
  static void stop() throws Exception {
    served.close();
  }

  private Connection connect() throws TransportException {
    return served.connect();
  }

  @Test
  void runReturnsExitStatusStdoutAndStderrSeparately() throws Exception {
    try (Connection c = connect()) {
      CommandResult r =
          c.run(RemoteCommand.of("probe", "echo out; echo noise >&2; exit 3"), TEN_SECONDS);
      assertEquals(new CommandResult(3, "out\n", "noise\n"), r);
      assertEquals("web1", c.host());
    }
  }

  @Test
  void inventoryValuesWithShellMetacharactersArriveVerbatimAndRunNothing() throws Exception {
    Path marker = dir.resolve("pwned");
    List<String> nasty =
        List.of(
            "two words",
            "it's \"quoted\"",
            "; touch " + marker,
            "$(touch " + marker + ")",
            "`touch " + marker + "`",
            "| touch " + marker + " &",
            "\\$HOME * ~ \n newline",
            "");
    try (Connection c = connect()) {
      CommandResult r =
          c.run(
              new RemoteCommand(
                  "for a in \"$@\"; do printf '%s|' \"$a\"; done", nasty, false, "echo"),
              TEN_SECONDS);
      assertEquals(String.join("|", nasty) + "|", r.stdout());
      assertEquals(0, r.exitStatus());
    }
    assertFalse(Files.exists(marker), "an argument ran as a command");
  }

  @Test
  void hungCommandIsStoppedOnTheHostAtItsDeadline() throws Exception {
    Path pidFile = dir.resolve("hung.pid");
    try (Connection c = connect()) {
      TransportException e =
          assertThrows(
              TransportException.class,
              () ->
                  c.run(
                      RemoteCommand.of(
                          "hang", "sleep 300 & echo $! > \"$1\"; wait", pidFile.toString()),
                      Duration.ofMillis(700)));
      // The deadline, not the command's end (300 s away), made run() return: it says so, and the
      // sleep it started is gone below. How fast that happened is not asserted.
      assertTrue(e.getMessage().startsWith("web1: hang did not finish within 0.700s"), e.getMessage());
      assertFalse(e.retryable(), "a deadline is not a lost connection: " + e.getMessage());
      // The connection is still good for the next command.
      assertEquals(0, c.run(RemoteCommand.of("next", "true"), TEN_SECONDS).exitStatus());
    }
    assertTrue(Files.exists(pidFile), "the command was stopped before it started its sleep");
    String pid = Files.readString(pidFile).strip();
    assertTrue(TestProcesses.gone(pid), "sleep " + pid + " still runs on the host");
  }

  @Test
  void sudoAskingForAPasswordIsReportedAsSuch() throws Exception {
    Host host =
        TestKeys.host(
            "web2", "127.0.0.1", served.server.port(), "deploy", served.key, served.knownHosts, HostKeyPolicy.STRICT, true);
    try (Connection c = served.connector.connect(host)) {
      TransportException e =
          assertThrows(
              TransportException.class,
              () -> c.run(RemoteCommand.privileged("usr2", "true"), TEN_SECONDS));
      assertTrue(e.getMessage().contains("web2: sudo wants a password for usr2"), e.getMessage());
      assertFalse(e.retryable());
      // Unprivileged commands do not go through sudo at all.
      assertEquals(0, c.run(RemoteCommand.of("plain", "true"), TEN_SECONDS).exitStatus());
    }
  }

  @Test
  void closedConnectionReportsTransportExceptionAndConnectorConnectsAgain() throws Exception {
    Connection c = connect();
    c.close();
    TransportException e =
        assertThrows(
            TransportException.class, () -> c.run(RemoteCommand.of("late", "true"), TEN_SECONDS));
    assertTrue(e.retryable());
    try (Connection again = connect()) {
      assertTrue(again.run(RemoteCommand.of("again", "true"), TEN_SECONDS).ok());
    }
  }
}
