package dev.fleet.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.inventory.Host;
import dev.fleet.inventory.HostKeyPolicy;
import dev.fleet.testing.RealFleetTest;
import dev.fleet.transport.CommandResult;
import dev.fleet.transport.Connection;
import dev.fleet.transport.RecordStream;
import dev.fleet.transport.RemoteCommand;
import dev.fleet.transport.TransportException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Smoke test against the machine's real OpenSSH sshd on a loopback address. Needs root (to run
 * sshd and log in as root); fails, never skips, when sshd cannot start.
 */
@RealFleetTest
class SshRealOpenSshTest {
  /** Its own loopback address, so it cannot collide with other engineers' sshd on 127.0.0.1. */
  private static final String ADDRESS = "127.30.0." + (10 + ProcessHandle.current().pid() % 200);

  @TempDir static Path dir;
  static Process sshd;
  static Path knownHosts;
  static SshConnector connector;

  @BeforeAll
  static void startSshd() throws Exception {
    Path hostKey = TestKeys.generate(Files.createDirectories(dir.resolve("host")), "ed25519", "");
    StringBuilder authorized = new StringBuilder();
    for (String type : List.of("ed25519", "ecdsa", "rsa")) {
      Path key = TestKeys.generate(Files.createDirectories(dir.resolve(type)), type, "");
      authorized.append(Files.readString(TestKeys.pub(key)));
    }
    Path authorizedKeys = dir.resolve("authorized_keys");
    Files.writeString(authorizedKeys, authorized);
    Path config = dir.resolve("sshd_config");
    Files.writeString(
        config,
        String.join(
            "\n",
            "ListenAddress " + ADDRESS + ":22",
            "HostKey " + hostKey,
            "PidFile none",
            "UsePAM no",
            "StrictModes no",
            "PermitRootLogin prohibit-password",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "AuthorizedKeysFile " + authorizedKeys,
            "Subsystem sftp /usr/lib/openssh/sftp-server",
            ""));
    Files.createDirectories(Path.of("/run/sshd"));
    sshd = new ProcessBuilder("/usr/sbin/sshd", "-D", "-e", "-f", config.toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("sshd.log").toFile())
        .start();
    waitForPort();
    knownHosts = dir.resolve("known_hosts");
    Files.writeString(knownHosts, ADDRESS + " " + Files.readString(TestKeys.pub(hostKey)));
    connector = new SshConnector(TestKeys.fastOptions());
  }

  private static void waitForPort() throws Exception {
    // Polls until sshd listens; the deadline only fails a hang (or an sshd that never binds).
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (System.nanoTime() < deadline) {
      if (!sshd.isAlive()) {
        break;
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(ADDRESS, 22), 1000);
        return;
      } catch (java.io.IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException(
        "OpenSSH sshd did not start on " + ADDRESS + ":22 (root needed): "
            + Files.readString(dir.resolve("sshd.log")));
  }

  @AfterAll
  static void stopSshd() throws Exception {
    if (connector != null) {
      connector.close();
    }
    if (sshd != null) {
      sshd.destroy();
      sshd.waitFor();
    }
  }

  private static Host host(String type) {
    return TestKeys.host("real-" + type, ADDRESS, 22, "root",
        dir.resolve(type).resolve("id_" + type), knownHosts, HostKeyPolicy.STRICT, true);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ed25519", "ecdsa", "rsa"})
  void logsInWithEachOpenSshKeyType(String type) throws Exception {
    try (Connection c = connector.connect(host(type))) {
      CommandResult r = c.run(RemoteCommand.of("whoami", "id -un; echo warn >&2"), Duration.ofSeconds(10));
      assertEquals(new CommandResult(0, "root\n", "warn\n"), r);
    }
  }

  @Test
  void hungCommandIsKilledByRealSshdHost() throws Exception {
    Path pidFile = dir.resolve("real-hung.pid");
    try (Connection c = connector.connect(host("ed25519"))) {
      assertThrows(TransportException.class, () -> c.run(
          RemoteCommand.privileged("hang", "sleep 300 & echo $! > \"$1\"; wait", pidFile.toString()),
          Duration.ofMillis(800)));
    }
    assertTrue(Files.exists(pidFile), "the command was stopped before it started its sleep");
    assertTrue(TestProcesses.gone(Files.readString(pidFile).strip()), "sleep survived");
  }

  @Test
  void closingAStreamStopsTheLoopOnARealSshdHost() throws Exception {
    // watch.sh has no end of its own: it looks each time fleet asks, and fleet closes it once it
    // has seen enough; the loop on the host must then stop, long before its deadline.
    Path pidFile = dir.resolve("real-watch.pid");
    try (Connection c = connector.connect(host("ed25519"))) {
      RecordStream stream = c.stream(
          RemoteCommand.privileged(
              "watch",
              "echo $$ > \"$1\"; printf 'tick\\n\\n'; while IFS= read -r a && [ \"$a\" = " + RecordStream.MORE + " ]; do printf 'tick\\n\\n'; done",
              pidFile.toString()),
          Duration.ofSeconds(300));
      assertEquals(Optional.of("tick\n"), stream.next(Duration.ofSeconds(10)));
      assertEquals(Optional.of("tick\n"), stream.next(Duration.ofSeconds(10)));
      String pid = Files.readString(pidFile).strip();
      assertTrue(TestProcesses.running(pid));
      stream.close();
      // gone() gives up after a minute, long before the stream's 300 s deadline could end it.
      assertTrue(TestProcesses.gone(pid), "the watch loop " + pid + " still runs after close");
      // The connection carries on.
      assertEquals(0, c.run(RemoteCommand.of("next", "true"), Duration.ofSeconds(10)).exitStatus());
    }
  }

  @Test
  void inputReachesARealSshdCommandIntact() throws Exception {
    Path local = dir.resolve("payload");
    Files.write(local, new byte[] {1, 2, 3, 'x', '\n', 0, (byte) 0xff});
    Path remote = dir.resolve("uploaded");
    try (Connection c = connector.connect(host("ecdsa"))) {
      assertEquals(0, c.run(RemoteCommand.privileged("stage", "cat > \"$1\"", remote.toString()), local, Duration.ofSeconds(10)).exitStatus());
    }
    assertArrayEquals(Files.readAllBytes(local), Files.readAllBytes(remote));
  }

  @Test
  void aCommandThatStopsReadingEarlyEndsWithItsOwnStatusAndStderr() throws Exception {
    // A full disk: stage.sh's cat fails after some bytes of an input it never reads to the end.
    Path big = dir.resolve("big-input");
    Files.write(big, new byte[4 * 1024 * 1024]);
    try (Connection c = connector.connect(host("ed25519"))) {
      CommandResult r = c.run(
          RemoteCommand.privileged("stage", "head -c 1000 > /dev/null; echo 'No space left on device' >&2; exit 3"),
          big, Duration.ofSeconds(30));
      assertEquals(new CommandResult(3, "", "No space left on device\n"), r);
      assertEquals(0, c.run(RemoteCommand.of("after", "true"), Duration.ofSeconds(10)).exitStatus());
    }
  }

  @Test
  void aCommandThatCannotWriteItsInputReportsWhy() throws Exception {
    Path missing = dir.resolve("nope/x.tmp");
    Path small = dir.resolve("small-input");
    Files.write(small, new byte[] {1, 2, 3});
    try (Connection c = connector.connect(host("ed25519"))) {
      CommandResult r = c.run(RemoteCommand.privileged("stage", "cat > \"$1\"", missing.toString()), small, Duration.ofSeconds(30));
      assertTrue(r.exitStatus() != 0, r.toString());
      assertTrue(r.stderr().contains(missing.toString()), r.stderr());
    }
  }
}
