package dev.fleet.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.testing.LoopbackNetworks;
import dev.fleet.testing.RealFleetTest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Starting, crashing and tearing down sandboxes, each test with its own. */
@RealFleetTest
class SandboxLifecycleTest {
  private final List<Path> started = new ArrayList<>();

  @AfterEach
  void tearDown() {
    started.forEach(Sandbox::down);
  }

  @Test
  void renamingOverNginxOnOneHostChangesNeitherTheOtherHostsNorTheMachine() throws Exception {
    SandboxFleet fleet = up("isolation", 2);
    SandboxHost web1 = fleet.host("web1");
    SandboxHost web2 = fleet.host("web2");
    String original = sha256(web2, "/usr/sbin/nginx");

    String script = "cp \"$1\" /usr/sbin/.nginx.new && mv /usr/sbin/.nginx.new /usr/sbin/nginx";
    assertTrue(web1.exec("sh", "-c", script, "sh", fleet.newBinary().toString()).ok());

    assertNotEquals(original, sha256(web1, "/usr/sbin/nginx"));
    assertEquals(original, sha256(web2, "/usr/sbin/nginx"));
    assertEquals(original, SandboxTest.run(List.of("sha256sum", "/usr/sbin/nginx")).stdout().split(" ")[0]);
    assertTrue(Files.exists(web1.dir().resolve("sbin-upper/nginx")), "the rename lands in web1's upper dir");
  }

  @Test
  void downKillsEveryProcessOfEveryHostAndCanBeRepeated() throws Exception {
    SandboxFleet fleet = up("down", 2);
    List<Long> hostProcesses = new ArrayList<>();
    for (SandboxHost host : fleet.hosts()) {
      List<Long> inNamespace = processesInPidNamespaceOf(host.initPid());
      assertTrue(inNamespace.size() >= 4, host + " runs sshd, a master and 2 workers: " + inNamespace);
      hostProcesses.addAll(inNamespace);
    }

    fleet.close();

    for (long pid : hostProcesses) {
      assertFalse(isAlive(pid), "pid " + pid + " outlived down()");
    }
    assertEquals("", SandboxTest.run(List.of("pgrep", "-f", fleet.dir().toString())).stdout());
    fleet.hosts().forEach(host -> assertFalse(host.isRunning()));
    Sandbox.down(fleet.dir()); // again, with nothing left to kill
    assertTrue(Files.exists(fleet.host("web1").dir().resolve("console.log")), "logs stay for debugging");
  }

  @Test
  void killCrashesOneHostAndLeavesTheOthersServing() throws Exception {
    SandboxFleet fleet = up("crash", 2);
    long crashedInit = fleet.host("web1").initPid();

    fleet.host("web1").kill();

    assertFalse(isAlive(crashedInit));
    assertFalse(fleet.host("web1").isRunning());
    assertThrows(SandboxException.class, () -> fleet.host("web1").exec("true"));
    assertEquals(1, fleet.host("web2").masterPids().size());
    fleet.close(); // with one host already dead
  }

  @Test
  void upReplacesASandboxThatACrashedRunLeftInTheSameDir() throws Exception {
    SandboxFleet stale = up("stale", 1);
    long staleInit = stale.host("web1").initPid();

    SandboxFleet fresh = Sandbox.up(stale.spec()); // same dir, same addresses, no down() between

    assertFalse(isAlive(staleInit));
    assertNotEquals(staleInit, fresh.host("web1").initPid());
    assertEquals(1, fresh.host("web1").masterPids().size());
  }

  @Test
  void aTakenSshPortIsReportedWithTheHostAndAddress() throws Exception {
    String prefix = LoopbackNetworks.claim();
    try (ServerSocket squatter = new ServerSocket()) {
      squatter.bind(new InetSocketAddress(InetAddress.getByName(prefix + ".12"), 22));
      SandboxSpec spec = SandboxSpec.of(dir("taken"), 2).withNetworkPrefix(prefix);
      started.add(spec.dir());

      SandboxException error = assertThrows(SandboxException.class, () -> Sandbox.up(spec));

      assertTrue(error.getMessage().startsWith("web2: " + prefix + ".12:22 is already in use"), error.getMessage());
    }
  }

  @Test
  void upRefusesADirectoryThatIsNotASandbox() throws Exception {
    Path dir = dir("not-a-sandbox");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("precious.txt"), "keep me");

    SandboxException error =
        assertThrows(SandboxException.class, () -> Sandbox.up(SandboxSpec.of(dir, 1).withNetworkPrefix(LoopbackNetworks.claim())));

    assertTrue(error.getMessage().contains("is not a sandbox dir"), error.getMessage());
    assertTrue(Files.exists(dir.resolve("precious.txt")));
  }

  private SandboxFleet up(String name, int hosts) throws IOException {
    SandboxSpec spec = SandboxSpec.of(dir(name), hosts).withNetworkPrefix(LoopbackNetworks.claim(SandboxSpec.networksFor(hosts)));
    started.add(spec.dir());
    return Sandbox.up(spec);
  }

  private static Path dir(String name) throws IOException {
    Path dir = Path.of("target", "sandbox", "SandboxLifecycleTest-" + name).toAbsolutePath();
    if (Files.exists(dir.resolve("precious.txt"))) {
      Files.delete(dir.resolve("precious.txt"));
    }
    return dir;
  }

  private static String sha256(SandboxHost host, String path) {
    return host.exec("sha256sum", path).stdout().split(" ")[0];
  }

  /** Every process of the machine whose pid namespace is the one {@code initPid} is pid 1 of. */
  private static List<Long> processesInPidNamespaceOf(long initPid) throws IOException {
    Path namespace = Files.readSymbolicLink(Path.of("/proc", Long.toString(initPid), "ns/pid"));
    List<Long> pids = new ArrayList<>();
    try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
      for (Path entry : entries.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        try {
          if (Files.readSymbolicLink(entry.resolve("ns/pid")).equals(namespace)) {
            pids.add(Long.parseLong(entry.getFileName().toString()));
          }
        } catch (IOException processExited) {
          // gone between list and read
        }
      }
    }
    return pids;
  }

  private static boolean isAlive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }
}
