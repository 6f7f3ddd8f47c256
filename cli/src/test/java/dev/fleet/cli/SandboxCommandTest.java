package dev.fleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sandbox options the spec refuses are usage errors, refused before anything is started. */
class SandboxCommandTest {

  @Test
  void tooManyHostsIsAUsageErrorThatStartsNothing(@TempDir Path tmp) {
    Path dir = tmp.resolve("sb");

    CliRun run = CliRun.of("sandbox", "up", "--hosts", "2001", "--dir", dir.toString());

    assertEquals(ExitCode.USAGE, run.exit(), run.err());
    assertTrue(run.err().contains("a sandbox holds 1 to 2000 hosts, not 2001"), run.err());
    assertFalse(Files.exists(dir));
  }

  @Test
  void aNetworkWithNoRoomForTheHostsIsAUsageErrorNamingBoth(@TempDir Path tmp) {
    Path dir = tmp.resolve("sb");

    CliRun run = CliRun.of("sandbox", "up", "--hosts", "245", "--network", "127.21.255", "--dir", dir.toString());

    assertEquals(ExitCode.USAGE, run.exit(), run.err());
    assertTrue(run.err().contains("245 hosts need 2 /24s from network prefix '127.21.255'"), run.err());
    assertFalse(Files.exists(dir));
  }

  @Test
  void demoRefusesNoHostsTheSameWay(@TempDir Path tmp) {
    CliRun run = CliRun.of("sandbox", "demo", "--hosts", "0", "--dir", tmp.resolve("sb").toString());

    assertEquals(ExitCode.USAGE, run.exit(), run.err());
    assertTrue(run.err().contains("a sandbox holds 1 to 2000 hosts, not 0"), run.err());
    assertFalse(run.out().contains("starting"), run.out());
  }
}
