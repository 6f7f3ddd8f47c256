package dev.fleet.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The persistent shell of a connection: its commands share one shell on the host, what they
 * print and return arrives as an exec would bring it, and a shell that dies under a command
 * fails that command as a lost connection and is replaced for the next.
 */
class SshPersistentShellTest {
  private static final Duration TEN_SECONDS = Duration.ofSeconds(10);
  /** The pid of the process that started the script's timeout(1): the loop, if there is one. */
  private static final String LOOP_PID = "ps -o ppid= -p \"$PPID\" | tr -d ' '";

  @TempDir static Path dir;
  static TestServer server;
  static Path key;
  static Path knownHosts;
  static SshConnector connector;

  @BeforeAll
  static void start() throws Exception {
    key = TestKeys.generate(dir, "ed25519", "");
    Path fakeBin = Files.createDirectories(dir.resolve("bin"));
    // A sudo that lets everything through, as NOPASSWD does; it records each time it runs.
    Path sudo = fakeBin.resolve("sudo");
    Files.writeString(
        sudo, "#!/bin/sh\necho run >> \"$0.log\"\nwhile [ \"$1\" != -- ]; do shift; done; shift\nexec \"$@\"\n");
    sudo.toFile().setExecutable(true);
    server = TestServer.start(TestKeys.pub(key), true, fakeBin);
    knownHosts = dir.resolve("known_hosts");
    server.writeKnownHosts(knownHosts);
    connector = new SshConnector(TestKeys.fastOptions());
  }

  @AfterAll
  static void stop() throws Exception {
    connector.close();
    server.close();
  }

  private Connection connect() throws TransportException {
    return connector.connect(TestKeys.host("web1", server.port(), key, knownHosts));
  }

  @Test
  void commandsOfOneConnectionRunInOneShell() throws Exception {
    try (Connection c = connect()) {
      String first = c.run(RemoteCommand.of("one", LOOP_PID), TEN_SECONDS).stdout();
      String second = c.run(RemoteCommand.of("two", LOOP_PID), TEN_SECONDS).stdout();
      assertEquals(first, second, "each command got a shell of its own");
    }
  }

  @Test
  void answersArriveExactlyAsWritten() throws Exception {
    String tricky = "line one\nit's \"quoted\" $HOME `x` \\ \n\nno newline at the end";
    try (Connection c = connect()) {
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
      String loop = c.run(RemoteCommand.of("pid", LOOP_PID), TEN_SECONDS).stdout().strip();
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
  void privilegedCommandsOfASudoUserShareOneRootShell() throws Exception {
    Host host =
        TestKeys.host(
            "web2", "127.0.0.1", server.port(), "deploy", key, knownHosts, HostKeyPolicy.STRICT, true);
    Path log = dir.resolve("bin/sudo.log");
    Files.deleteIfExists(log);
    try (Connection c = connector.connect(host)) {
      String first = c.run(RemoteCommand.privileged("one", LOOP_PID), TEN_SECONDS).stdout();
      String second = c.run(RemoteCommand.privileged("two", LOOP_PID), TEN_SECONDS).stdout();
      String plain = c.run(RemoteCommand.of("plain", LOOP_PID), TEN_SECONDS).stdout();
      assertEquals(first, second);
      assertNotEquals(first, plain, "an unprivileged command ran in the root shell");
    }
    assertEquals(1, Files.readAllLines(log).size(), "sudo ran once for the root shell");
  }
}
