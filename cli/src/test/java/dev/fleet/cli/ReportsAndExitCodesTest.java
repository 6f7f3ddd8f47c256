package dev.fleet.cli;

import static dev.fleet.testing.HostFacts.runningDigest;
import static dev.fleet.testing.HostFacts.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleet.nginx.step.NewBinary;
import dev.fleet.rollout.RunDirectory;
import dev.fleet.rollout.RunLock;
import dev.fleet.sandbox.NginxBinaries;
import dev.fleet.sandbox.SandboxHost;
import dev.fleet.testing.HostFacts;
import dev.fleet.testing.RealFleet;
import dev.fleet.testing.RealFleetTest;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The read-only commands, the reports and every exit code a rollout can end with, on real hosts. */
@RealFleetTest
class ReportsAndExitCodesTest {

  @RegisterExtension static final RealFleet fleet = RealFleet.withHosts(4);

  @TempDir Path reports;
  private Path binary;

  @BeforeEach
  void freshBinary() throws Exception {
    binary = NginxBinaries.changedCopy(fleet.sandbox().dir().resolve("nginx-" + System.nanoTime()), "reports-" + System.nanoTime());
  }

  private String inventory() {
    return fleet.inventoryFile().toString();
  }

  @Test
  void planCheckAndStatusLookWithoutChangingAnything() {
    CliRun plan = CliRun.of("plan", inventory(), "--binary", binary.toString(), "--batches", "1,50%");
    assertEquals(0, plan.exit(), plan.out() + plan.err());
    assertTrue(plan.out().contains("batch 1 (canary): web1"), plan.out());
    assertTrue(plan.out().contains("batch 2: web2 web3"), plan.out());
    assertTrue(plan.out().contains("4 ready, 0 already current, 0 refused; nothing was changed"), plan.out());

    CliRun check = CliRun.of("check", inventory(), "--binary", binary.toString());
    assertEquals(0, check.exit(), check.out() + check.err());
    assertTrue(check.out().contains("4 of 4 hosts passed"), check.out());

    CliRun status = CliRun.of("status", inventory());
    assertEquals(0, status.exit(), status.out() + status.err());
    assertTrue(status.out().matches("(?s).*web3\\s+running\\s+1\\.22\\.1\\s+\\d+\\s+2\\s+[0-9a-f]{12} .*"), status.out());
  }

  @Test
  void statusCheckAndTheListingNeedNoNewBinary() throws Exception {
    // The sandbox's inventory without its upgrade.binary line, as an operator's may well be.
    String text = Files.readString(fleet.inventoryFile());
    String withoutBinary = text.replaceAll("(?m)^  binary: .*\n", "");
    assertTrue(!withoutBinary.equals(text) && withoutBinary.contains("    binary: /usr/sbin/nginx"), withoutBinary);
    Path inventory = Files.writeString(reports.resolve("no-binary.yaml"), withoutBinary);

    CliRun status = CliRun.of("status", inventory.toString());
    assertEquals(0, status.exit(), status.out() + status.err());
    assertTrue(status.out().contains("4 of 4 hosts settled"), status.out());
    CliRun check = CliRun.of("check", inventory.toString());
    assertEquals(0, check.exit(), check.out() + check.err());
    assertEquals(0, CliRun.of("inventory", inventory.toString()).exit());
    CliRun upgrade = CliRun.of("upgrade", inventory.toString(), "--yes");
    assertEquals(ExitCode.USAGE, upgrade.exit());
    assertTrue(upgrade.err().contains("upgrade.binary: required"), upgrade.err());
  }

  @Test
  void statusFlagsAHostLeftHalfWay() {
    SandboxHost web4 = fleet.host("web4");
    web4.exec("sh", "-c", "cat /run/nginx.pid > /run/nginx.pid.oldbin");
    try {
      CliRun status = CliRun.of("status", inventory());
      assertEquals(ExitCode.NEEDS_ATTENTION, status.exit(), status.out());
      assertTrue(status.out().contains("web4             stale-oldbin"), status.out());
      assertTrue(status.out().contains("3 of 4 hosts settled"), status.out());
    } finally {
      web4.exec("rm", "-f", "/run/nginx.pid.oldbin");
    }
  }

  @Test
  void planCheckAndStatusJsonSayPerHostWhatTheHostShows() throws Exception {
    String digest = NewBinary.of(binary).sha256();
    JsonNode plan = json(CliRun.of("plan", inventory(), "--binary", binary.toString(), "--batches", "1,50%", "--json", "-"));
    assertEquals("[[\"web1\"],[\"web2\",\"web3\"],[\"web4\"]]", plan.path("batches").toString());
    assertEquals(digest, plan.path("binary").path("sha256").asText());
    JsonNode check = json(CliRun.of("check", inventory(), "--binary", binary.toString(), "--json", "-"));
    JsonNode status = json(CliRun.of("status", inventory(), "--json", "-"));
    for (int i = 0; i < 4; i++) {
      SandboxHost host = fleet.hosts().get(i);
      String running = HostFacts.runningDigest(host);
      JsonNode p = plan.path("hosts").path(i);
      assertEquals(host.name(), p.path("name").asText());
      assertEquals(host.address(), p.path("address").asText());
      assertEquals(i == 0 ? 1 : i < 3 ? 2 : 3, p.path("batch").asInt(), p.toString());
      assertEquals("ready", p.path("verdict").asText(), p.toString());
      assertTrue(p.path("reason").isNull(), p.toString());
      assertTrue(p.path("fromVersion").asText().contains("nginx/"), p.toString());
      assertEquals(running, p.path("fromSha256").asText());
      assertEquals(digest, p.path("toSha256").asText());

      JsonNode c = check.path("hosts").path(i);
      assertEquals(host.name(), c.path("name").asText());
      assertEquals("passed", c.path("result").asText(), c.toString());
      assertEquals("ok", c.path("connect").asText());
      assertEquals("not-needed", c.path("sudo").asText(), "the sandbox logs in as root: " + c);
      assertEquals("ok", c.path("preflight").asText());

      JsonNode s = status.path("hosts").path(i);
      long master = HostFacts.soleMaster(host);
      assertEquals(host.name(), s.path("name").asText());
      assertEquals("running", s.path("state").asText(), s.toString());
      assertTrue(s.path("settled").asBoolean(), s.toString());
      assertEquals(master, s.path("masterPid").asLong());
      assertEquals(HostFacts.workersOf(host, master), s.path("workers").asInt());
      assertEquals(running, s.path("runningSha256").asText());
      assertEquals(running, s.path("diskSha256").asText(), "settled: the file on disk is what runs");
    }
    assertEquals(4, status.path("summary").path("settled").asInt());
  }

  /** The whole of stdout is the document, and it says the exit code the command returned. */
  private static JsonNode json(CliRun run) throws Exception {
    assertEquals(0, run.exit(), run.out() + run.err());
    JsonNode doc = new ObjectMapper().readTree(run.out());
    assertEquals(run.exit(), doc.path("exitCode").asInt(-1));
    return doc;
  }

  @Test
  void aManualGatePausesWithExitFourAndResumeWritesTheReports() throws Exception {
    CliRun first = CliRun.of("upgrade", inventory(), "--binary", binary.toString(), "--pause", "manual", "--soak", "0s", "--yes");
    assertEquals(ExitCode.PAUSED, first.exit(), first.out() + first.err());
    assertTrue(first.out().contains("continue with: fleet resume " + inventory()), first.out());

    Path json = reports.resolve("run.json");
    Path junit = reports.resolve("junit/fleet.xml");
    CliRun resumed = CliRun.of("resume", inventory(), "--json", json.toString(), "--junit", junit.toString());
    assertEquals(ExitCode.OK, resumed.exit(), resumed.out() + resumed.err());

    JsonNode run = new ObjectMapper().readTree(json.toFile());
    assertEquals(0, run.get("exitCode").asInt());
    assertEquals("completed", run.get("status").asText());
    assertEquals(4, run.get("hosts").size());
    assertValidJUnit(junit);
  }

  @Test
  void failuresWithinTheBudgetExitSixAndShowInTheJUnitReport() throws Exception {
    SandboxHost web3 = fleet.host("web3");
    web3.exec("sh", "-c", "cp /etc/nginx/nginx.conf /etc/nginx/nginx.conf.good && echo 'broken;' >> /etc/nginx/nginx.conf");
    try {
      Path junit = reports.resolve("fleet.xml");
      CliRun run =
          CliRun.of("upgrade", inventory(), "--binary", binary.toString(), "--max-failures", "1", "--soak", "0s",
              "--junit", junit.toString(), "--quiet");
      assertEquals(ExitCode.FAILURES_WITHIN_BUDGET, run.exit(), run.out() + run.err());
      assertTrue(!run.out().contains(" stage ok "), "--quiet prints only the summary: " + run.out());
      String xml = assertValidJUnit(junit);
      assertTrue(xml.contains("failures=\"1\""), xml);
      assertTrue(xml.contains("<failure type=\"ROLLED_BACK\" message=\"stage: "), xml);
    } finally {
      web3.exec("sh", "-c", "mv /etc/nginx/nginx.conf.good /etc/nginx/nginx.conf");
    }
  }

  @Test
  void aOneBatchRunKeepsToTheBudgetSetAndTheGoodHostsStayUpgraded() throws Exception {
    // One batch of all four hosts is no canary: max_failures 1 covers the one bad host.
    SandboxHost web2 = fleet.host("web2");
    String web2Before = runningDigest(web2);
    web2.exec("sh", "-c", "cp /etc/nginx/nginx.conf /etc/nginx/nginx.conf.good && echo 'broken;' >> /etc/nginx/nginx.conf");
    try {
      CliRun run =
          CliRun.of("upgrade", inventory(), "--binary", binary.toString(), "--batches", "4", "--max-failures", "1",
              "--soak", "0s", "--yes");
      assertEquals(ExitCode.FAILURES_WITHIN_BUDGET, run.exit(), run.out() + run.err());
      assertTrue(!run.out().contains("(canary)"), "a run of one batch has no canary: " + run.out());
      String fresh = NewBinary.of(binary).sha256();
      for (SandboxHost host : fleet.hosts()) {
        String expected = host == web2 ? web2Before : fresh;
        assertEquals(expected, runningDigest(host), host.name() + ": " + run.out());
        assertEquals(runningDigest(host), sha256(host, "/usr/sbin/nginx"), host.name() + ": disk == running");
      }
    } finally {
      web2.exec("sh", "-c", "mv /etc/nginx/nginx.conf.good /etc/nginx/nginx.conf");
    }
  }

  @Test
  void aSecondRunIsRefusedWithExitFive() throws Exception {
    Path stateDir = RunDirectory.beside(fleet.inventoryFile()).stateDir();
    try (RunLock held = RunLock.acquire(stateDir, "someone-else", false)) {
      CliRun run = CliRun.of("upgrade", inventory(), "--binary", binary.toString(), "--yes");
      assertEquals(ExitCode.LOCKED, run.exit(), run.out() + run.err());
      assertTrue(run.err().contains("another fleet run holds the lock: run someone-else"), run.err());
    }
  }

  private static String assertValidJUnit(Path junit) throws Exception {
    SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
        .newSchema(new StreamSource(ReportsAndExitCodesTest.class.getResourceAsStream("/dev/fleet/report/jenkins-junit.xsd")))
        .newValidator()
        .validate(new StreamSource(junit.toFile()));
    return Files.readString(junit);
  }
}
