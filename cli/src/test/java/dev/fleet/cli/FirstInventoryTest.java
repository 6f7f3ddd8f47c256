package dev.fleet.cli;

import static dev.fleet.testing.HostFacts.runningDigest;
import static dev.fleet.testing.HostFacts.soleMaster;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.nginx.step.NewBinary;
import dev.fleet.sandbox.NginxBinaries;
import dev.fleet.sandbox.SandboxHost;
import dev.fleet.testing.RealFleet;
import dev.fleet.testing.RealFleetTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The commands a newcomer runs first, on a fleet unlike the default sandbox's inventory: nginx
 * listens only on each host's own address (80, and 443 with TLS) and the inventory names no
 * health_url.
 */
@RealFleetTest
class FirstInventoryTest {

  @RegisterExtension
  static final RealFleet fleet = RealFleet.withHosts(2).with(spec -> spec.withoutHealthUrl().withTlsListener());

  private String inventory() {
    return fleet.inventoryFile().toString();
  }

  private Path freshBinary(String marker) throws IOException {
    return NginxBinaries.changedCopy(fleet.sandbox().dir().resolve("nginx-" + marker + "-" + System.nanoTime()), marker);
  }

  @Test
  void planAndStatusShowWhatTheHealthCheckAsksAndWhatItAnswersNow() throws Exception {
    CliRun plan = CliRun.of("plan", inventory(), "--binary", freshBinary("plan").toString());
    CliRun status = CliRun.of("status", inventory());

    assertEquals(0, plan.exit(), plan.out() + plan.err());
    assertEquals(0, status.exit(), status.out() + status.err());
    for (SandboxHost host : fleet.hosts()) {
      for (CliRun run : List.of(plan, status)) {
        String line = run.out().lines()
            .dropWhile(l -> !l.startsWith(host.name() + " "))
            .skip(1)
            .findFirst()
            .orElse("");
        assertTrue(line.strip().startsWith("health check: "), run.out());
        assertTrue(line.contains("http://" + host.address() + ":80/ answered 200"), line);
        assertTrue(line.contains("https://" + host.address() + ":443/ answered 200"), line);
      }
    }
  }

  @Test
  void anInventoryWithoutHealthUrlUpgradesEveryHost() throws Exception {
    Path binary = freshBinary("upgrade");

    CliRun run = CliRun.of("upgrade", inventory(), "--binary", binary.toString(), "--soak", "0s", "--yes");

    assertEquals(0, run.exit(), run.out() + run.err());
    assertTrue(run.out().contains("2 upgraded, 0 already current"), run.out());
    for (SandboxHost host : fleet.hosts()) {
      assertEquals(NewBinary.of(binary).sha256(), runningDigest(host), host.name());
    }
  }

  /** The config test an upgrade's stage runs, run by plan and check with the running binary. */
  @Test
  void planAndCheckRefuseAHostWhoseConfigurationOnDiskIsBrokenAndChangeNothing() throws Exception {
    SandboxHost web2 = fleet.host("web2");
    Path conf = web2.dir().resolve("fs/etc/nginx/nginx.conf");
    String original = Files.readString(conf);
    Files.writeString(conf, original.replace("http {", "http {\n  include /etc/nginx/missing.conf;"));
    try {
      long master = soleMaster(web2);
      TreeMap<String, String> files = nginxFiles(web2);

      CliRun plan = CliRun.of("plan", inventory(), "--binary", freshBinary("broken").toString());
      CliRun check = CliRun.of("check", inventory());

      assertEquals(ExitCode.NEEDS_ATTENTION, plan.exit(), plan.out() + plan.err());
      String web2Line = plan.out().lines().filter(l -> l.startsWith("web2 ")).findFirst().orElse("");
      assertTrue(web2Line.matches("web2\\s+refused\\s+.*"), plan.out());
      assertTrue(web2Line.contains("open() \"/etc/nginx/missing.conf\" failed"), web2Line);
      assertTrue(plan.out().lines().anyMatch(l -> l.matches("web1\\s+ready\\s+.*")), plan.out());
      assertTrue(plan.out().contains("1 ready, 0 already current, 1 refused; nothing was changed"), plan.out());
      assertEquals(ExitCode.NEEDS_ATTENTION, check.exit(), check.out() + check.err());
      assertTrue(check.out().lines().anyMatch(l -> l.startsWith("web2 ") && l.contains("missing.conf")), check.out());
      assertEquals(master, soleMaster(web2), "the same master still serves");
      assertEquals(files, nginxFiles(web2), "nothing written: pid file, logs, configuration, binaries");
    } finally {
      Files.writeString(conf, original);
    }
  }

  /** Every file nginx or an upgrade writes on the host, with its size and modification time. */
  private static TreeMap<String, String> nginxFiles(SandboxHost host) throws IOException {
    TreeMap<String, String> seen = new TreeMap<>();
    for (String dir : List.of("fs/run", "fs/etc/nginx", "fs/var/log/nginx", "fs/var/lib/nginx", "sbin-upper")) {
      try (Stream<Path> paths = Files.walk(host.dir().resolve(dir))) {
        for (Path path : paths.toList()) {
          BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
          seen.put(host.dir().relativize(path).toString(), a.size() + " bytes, modified " + a.lastModifiedTime());
        }
      }
    }
    return seen;
  }
}
