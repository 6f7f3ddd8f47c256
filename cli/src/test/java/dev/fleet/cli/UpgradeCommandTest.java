package dev.fleet.cli;

import static dev.fleet.testing.HostFacts.runningDigest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.nginx.step.NewBinary;
import dev.fleet.sandbox.NginxBinaries;
import dev.fleet.sandbox.SandboxHost;
import dev.fleet.testing.RealFleet;
import dev.fleet.testing.RealFleetTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@RealFleetTest
class UpgradeCommandTest {

  @RegisterExtension static final RealFleet fleet = RealFleet.withHosts(3);

  @Test
  void upgradesEveryHostAndExitsZero() throws Exception {
    Path binary = NginxBinaries.changedCopy(fleet.sandbox().dir().resolve("nginx-cli-ok"), "cli-ok");

    CliRun run = CliRun.of("upgrade", fleet.inventoryFile().toString(), "--binary", binary.toString(), "--soak", "0s");

    assertEquals(0, run.exit(), run.out() + run.err());
    assertTrue(run.out().contains("3 upgraded, 0 already current"), run.out());
    String digest = NewBinary.of(binary).sha256();
    for (SandboxHost host : fleet.hosts()) {
      assertEquals(digest, runningDigest(host), host.name());
    }
  }

  @Test
  void limitUpgradesOnlyTheNamedHosts() throws Exception {
    List<String> before = fleet.hosts().stream().map(h -> runningDigest(h)).toList();
    Path binary = NginxBinaries.changedCopy(fleet.sandbox().dir().resolve("nginx-cli-limit"), "cli-limit");

    CliRun run =
        CliRun.of("upgrade", fleet.inventoryFile().toString(), "--binary", binary.toString(), "--soak", "0s", "--limit", "web2");

    assertEquals(0, run.exit(), run.out() + run.err());
    assertEquals(before.get(0), runningDigest(fleet.host("web1")));
    assertEquals(NewBinary.of(binary).sha256(), runningDigest(fleet.host("web2")));
    assertEquals(before.get(2), runningDigest(fleet.host("web3")));
  }

  @Test
  void aFailedHostHaltsWithExitOneAndNamesTheStep() throws Exception {
    Path broken =
        NginxBinaries.shellWrapper(
            fleet.sandbox().dir().resolve("nginx-cli-broken"),
            "case \" $* \" in *' -T '*) exit 0 ;; esac\necho 'cannot start' >&2\nexit 1");

    CliRun run = CliRun.of("upgrade", fleet.inventoryFile().toString(), "--binary", broken.toString());

    assertEquals(ExitCode.HALTED, run.exit(), run.out() + run.err());
    assertTrue(run.out().contains("web1         start-new-master FAILED: the new binary did not start"), run.out());
    assertTrue(run.out().contains("cannot start"), "the binary's own words reach the operator: " + run.out());
    assertTrue(run.out().contains("2 not reached"), run.out());
  }

  @Test
  void inventoryErrorsExitTwoWithFileLineAndKey(@TempDir Path dir) throws Exception {
    Path inventory = dir.resolve("bad.yml");
    Files.writeString(
        inventory,
        String.join(
            "\n",
            "upgrade:",
            "  binary: missing-binary",
            "  soak: ten seconds",
            "groups:",
            "  web:",
            "    hosts:",
            "      web1: { adress: 127.0.0.1 }",
            ""));

    CliRun run = CliRun.of("upgrade", inventory.toString());

    assertEquals(ExitCode.USAGE, run.exit());
    assertTrue(run.err().contains("bad.yml:7:15: groups.web.hosts.web1.adress: unknown key (did you mean address?)"), run.err());
    assertTrue(run.err().contains("bad.yml:3:9: upgrade.soak"), run.err());
    assertTrue(run.err().contains("upgrade.binary"), run.err());
    assertTrue(run.err().contains("no host was touched"), run.err());
  }

  @Test
  void missingInventoryArgumentIsAUsageError() {
    CliRun run = CliRun.of("upgrade");
    assertEquals(ExitCode.USAGE, run.exit());
    assertTrue(run.err().contains("Missing required parameter: 'INVENTORY'"), run.err());
  }

  @Test
  void versionAndHelpAnswer() {
    CliRun version = CliRun.of("--version");
    assertEquals(0, version.exit());
    assertTrue(version.out().startsWith("fleet "), version.out());
    CliRun help = CliRun.of("upgrade", "--help");
    assertEquals(0, help.exit());
    assertTrue(help.out().contains("Exit codes:"), help.out());
  }
}
