package dev.fleet.cli;

import static dev.fleet.testing.HostFacts.runningDigest;
import static dev.fleet.testing.HostFacts.soleMaster;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.fleet.nginx.step.NewBinary;
import dev.fleet.sandbox.NginxBinaries;
import dev.fleet.sandbox.SandboxHost;
import dev.fleet.testing.ArtifactServer;
import dev.fleet.testing.RealFleet;
import dev.fleet.testing.RealFleetTest;
import java.io.File;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * upgrade.binary_url on real hosts, with the machine's nginx as the artifact server: the hosts
 * download the binary themselves, each once; what does not match is refused on every host before
 * any signal, and nothing is left beside the binary.
 */
@RealFleetTest
class PullFromArtifactServerTest {
  private static final String TOKEN = "pull-test-token-5d1e";

  @RegisterExtension static final RealFleet fleet = RealFleet.withHosts(3);

  private static ArtifactServer server;

  @BeforeAll
  static void startServer() throws Exception {
    server = ArtifactServer.start(fleet.sandbox().dir().resolve("artifacts"), "127.0.0.1", TOKEN);
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private static Path build(String marker) throws Exception {
    return NginxBinaries.changedCopy(fleet.sandbox().dir().resolve("nginx-" + marker), marker);
  }

  @Test
  void everyHostUpgradesFromTheUrlFetchingTheFileOnce() throws Exception {
    Path binary = build("pull-ok");
    String sha = NewBinary.of(binary).sha256();
    URI url = server.publish(binary, "nginx-pull-ok", false);

    CliRun run =
        CliRun.of("upgrade", fleet.inventoryFile().toString(), "--binary-url", url.toString(), "--sha256", sha, "--soak", "0s", "--yes");

    assertEquals(0, run.exit(), run.out() + run.err());
    assertTrue(run.out().contains("to " + url + " (sha256 " + sha.substring(0, 12) + ", downloaded by each host)"), run.out());
    assertTrue(run.out().contains("3 upgraded"), run.out());
    for (SandboxHost host : fleet.hosts()) {
      assertEquals(sha, runningDigest(host), host.name());
      assertNothingBesideTheBinary(host);
    }
    assertEquals(3, server.count(200, url), "one download per host: " + server.requests());
  }

  @Test
  void aMismatchingFileIsRefusedOnEveryHostAndNothingIsSignalled() throws Exception {
    Path binary = build("pull-mismatch");
    URI url = server.publish(binary, "nginx-pull-mismatch", false);
    String pinned = NewBinary.of(build("pull-pinned")).sha256();
    String served = NewBinary.of(binary).sha256();
    Map<String, Long> masters = masters();
    Map<String, String> digests = digests();

    CliRun run =
        CliRun.of(
            "upgrade", fleet.inventoryFile().toString(), "--binary-url", url.toString(), "--sha256", pinned,
            "--batches", "100%", "--max-failures", "100%", "--yes");

    assertEquals(ExitCode.FAILURES_WITHIN_BUDGET, run.exit(), run.out() + run.err());
    assertTrue(run.out().contains("0 upgraded, 0 already current, 3 refused"), run.out());
    assertTrue(run.out().contains(url + " has sha256 " + served + ", expected " + pinned), run.out());
    assertEquals(masters, masters(), "the same masters: nothing was signalled");
    assertEquals(digests, digests());
    for (SandboxHost host : fleet.hosts()) {
      assertNothingBesideTheBinary(host);
    }
  }

  @Test
  void anHttpErrorIsRefusedNamingTheUrlAndTheStatus() throws Exception {
    URI missing = server.url("/no-such-build");
    Map<String, Long> masters = masters();

    CliRun run =
        CliRun.of(
            "upgrade", fleet.inventoryFile().toString(), "--binary-url", missing.toString(), "--sha256", "b".repeat(64),
            "--limit", "web2", "--yes");

    assertEquals(ExitCode.HALTED, run.exit(), run.out() + run.err());
    assertTrue(run.out().contains("could not download " + missing + ": HTTP status 404"), run.out());
    assertTrue(run.out().contains("1 refused"), run.out());
    assertEquals(masters, masters());
    assertNothingBesideTheBinary(fleet.host("web2"));
  }

  /**
   * The token, given to fleet through its environment, reaches the artifact server from every
   * host, and appears in no process's argv or environment on the machine (which sees the hosts'
   * processes too) while the hosts download, nor in anything the run wrote or printed. The server
   * holds its answer until the test has looked: a gate, not a wait.
   */
  @Test
  void theTokenReachesTheServerButNoArgvTranscriptOrReport() throws Exception {
    Path binary = build("pull-token");
    byte[] bytes = Files.readAllBytes(binary);
    String sha = NewBinary.of(binary).sha256();
    CountDownLatch downloading = new CountDownLatch(fleet.hosts().size());
    CountDownLatch looked = new CountDownLatch(1);
    List<String> authorizations = new CopyOnWriteArrayList<>();
    HttpServer gated = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    gated.setExecutor(Executors.newCachedThreadPool());
    gated.createContext("/gated/nginx", exchange -> {
      authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
      downloading.countDown();
      try {
        looked.await(2, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.sendResponseHeaders(200, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    gated.start();
    Path logDir = fleet.sandbox().dir().resolve("pull-token-state");
    String url = "http://127.0.0.1:" + gated.getAddress().getPort() + "/gated/nginx";
    try {
      Process fleetRun =
          launch(
              Map.of("ARTIFACT_TOKEN", TOKEN), logDir,
              "upgrade", fleet.inventoryFile().toString(), "--binary-url", url, "--sha256", sha,
              "--binary-url-auth-env", "ARTIFACT_TOKEN", "--batches", "100%", "--soak", "0s", "--yes",
              "--log-dir", logDir.toString(), "--json", logDir.resolve("report.json").toString());
      assertTrue(downloading.await(2, TimeUnit.MINUTES), "every host started its download");
      List<String> seen = processesShowing(TOKEN, fleetRun.pid());
      looked.countDown();
      assertTrue(fleetRun.waitFor(2, TimeUnit.MINUTES), "fleet did not end");

      String out = Files.readString(logDir.resolve("stdout")) + Files.readString(logDir.resolve("stderr"));
      assertEquals(0, fleetRun.exitValue(), out);
      assertEquals(List.of(), seen, "processes with the token in their argv or environment while downloading");
      assertEquals(List.of("Bearer " + TOKEN, "Bearer " + TOKEN, "Bearer " + TOKEN), authorizations);
      List<Path> written;
      try (var files = Files.walk(logDir)) {
        written = files.filter(Files::isRegularFile).toList();
      }
      assertTrue(written.stream().anyMatch(f -> f.toString().contains("transcripts")), written.toString());
      for (Path file : written) {
        assertFalse(Files.readString(file).contains(TOKEN), file + " holds the token");
      }
      String transcript = Files.readString(logDir.resolve("runs").toFile().listFiles()[0].toPath().resolve("transcripts/web1.log"));
      assertTrue(transcript.contains("< (a secret of " + ("Authorization: Bearer " + TOKEN + "\n").length() + " characters, not shown)"), transcript);
      for (SandboxHost host : fleet.hosts()) {
        assertEquals(sha, runningDigest(host), host.name());
      }
    } finally {
      looked.countDown();
      gated.stop(0);
    }
  }

  /** fleet in a JVM of its own with {@code env} added, its output in DIR/stdout and DIR/stderr. */
  private static Process launch(Map<String, String> env, Path dir, String... args) throws Exception {
    Files.createDirectories(dir);
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(dir.resolve("stdout").toFile())
            .redirectError(dir.resolve("stderr").toFile());
    builder.environment().putAll(env);
    return builder.start();
  }

  /** Every process on the machine whose argv, or environment (the controller's aside), holds {@code secret}. */
  private static List<String> processesShowing(String secret, long controller) throws Exception {
    List<String> found = new ArrayList<>();
    byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
    try (var procs = Files.list(Path.of("/proc"))) {
      for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        for (String file : List.of("cmdline", "environ")) {
          if (file.equals("environ") && proc.getFileName().toString().equals(Long.toString(controller))) {
            continue;
          }
          try {
            byte[] content = Files.readAllBytes(proc.resolve(file));
            if (new String(content, StandardCharsets.ISO_8859_1).contains(new String(needle, StandardCharsets.ISO_8859_1))) {
              found.add(proc.getFileName() + " " + file + ": " + new String(content, StandardCharsets.UTF_8).replace('\0', ' '));
            }
          } catch (java.io.IOException gone) {
            // the process ended while we looked
          }
        }
      }
    }
    return found;
  }

  @Test
  void planShowsTheUrlAndTheSha256AndJsonToo() throws Exception {
    Path binary = build("pull-plan");
    String sha = NewBinary.of(binary).sha256();
    URI url = server.publish(binary, "nginx-pull-plan", false);
    Path json = fleet.sandbox().dir().resolve("pull-plan.json");

    CliRun run =
        CliRun.of("plan", fleet.inventoryFile().toString(), "--binary-url", url.toString(), "--sha256", sha, "--json", json.toString());

    assertEquals(0, run.exit(), run.out() + run.err());
    assertTrue(run.out().contains("to " + url + " (sha256 " + sha.substring(0, 12) + ")"), run.out());
    JsonNode doc = new ObjectMapper().readTree(json.toFile());
    assertEquals(url.toString(), doc.path("binary").path("url").asText(), doc.toString());
    assertEquals(sha, doc.path("binary").path("sha256").asText(), doc.toString());
    assertEquals(0, server.count(200, url), "a plan downloads nothing");
  }

  @Test
  void aPausedRunResumesWithTheSameUrl() throws Exception {
    Path binary = build("pull-resume");
    String sha = NewBinary.of(binary).sha256();
    URI url = server.publish(binary, "nginx-pull-resume", false);
    Path logDir = fleet.sandbox().dir().resolve("pull-resume-state");

    CliRun first =
        CliRun.of(
            "upgrade", fleet.inventoryFile().toString(), "--binary-url", url.toString(), "--sha256", sha,
            "--batches", "1,100%", "--pause", "manual", "--soak", "0s", "--yes", "--log-dir", logDir.toString());
    assertEquals(ExitCode.PAUSED, first.exit(), first.out() + first.err());
    CliRun resumed = CliRun.of("resume", fleet.inventoryFile().toString(), "--yes", "--log-dir", logDir.toString());

    assertEquals(0, resumed.exit(), resumed.out() + resumed.err());
    assertTrue(resumed.out().contains(url.toString()), resumed.out());
    for (SandboxHost host : fleet.hosts()) {
      assertEquals(sha, runningDigest(host), host.name());
    }
    assertEquals(3, server.count(200, url), server.requests().toString());
  }

  static void assertNothingBesideTheBinary(SandboxHost host) {
    String left = host.exec("sh", "-c", "ls -a /usr/sbin | grep -e fleet-new -e wgetrc || true").stdout().strip();
    assertEquals("", left, host.name() + ": no temp file beside the binary");
  }

  private static Map<String, Long> masters() {
    Map<String, Long> pids = new HashMap<>();
    fleet.hosts().forEach(h -> pids.put(h.name(), soleMaster(h)));
    return pids;
  }

  private static Map<String, String> digests() {
    Map<String, String> digests = new HashMap<>();
    fleet.hosts().forEach(h -> digests.put(h.name(), runningDigest(h)));
    return digests;
  }
}
