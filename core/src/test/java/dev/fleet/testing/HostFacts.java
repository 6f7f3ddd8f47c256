package dev.fleet.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.sandbox.SandboxHost;
import dev.fleet.transport.CommandResult;
import java.util.List;

/**
 * What a sandbox host really looks like, read through its namespaces without SSH, so tests check
 * fleet's work with eyes other than fleet's own.
 */
public final class HostFacts {
  private HostFacts() {}

  public static String sha256(SandboxHost host, String path) {
    CommandResult r = host.exec("sh", "-c", "sha256sum < \"$1\" | cut -d' ' -f1", "sh", path);
    assertTrue(r.ok(), host.name() + ": cannot hash " + path + ": " + r.stderr());
    return r.stdout().strip();
  }

  /** A version line as stage.sh writes it into the digest memo: its length in bytes, then itself. */
  public static String memoVersion(String version) {
    return version.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + " " + version;
  }

  public static boolean exists(SandboxHost host, String path) {
    return host.exec("test", "-e", path).ok();
  }

  /** The one master in the pid file; fails unless exactly one master runs and the file names it. */
  public static long soleMaster(SandboxHost host) {
    List<Long> masters = host.masterPids();
    assertEquals(1, masters.size(), host.name() + ": masters " + masters);
    assertEquals(masters.get(0), host.pidFile().orElse(-1), host.name() + ": pid file");
    assertFalse(exists(host, "/run/nginx.pid.oldbin"), host.name() + ": .oldbin left behind");
    return masters.get(0);
  }

  /** sha256 of the executable the sole master runs. */
  public static String runningDigest(SandboxHost host) {
    return sha256(host, "/proc/" + soleMaster(host) + "/exe");
  }

  public static int workersOf(SandboxHost host, long master) {
    CommandResult r = host.exec("pgrep", "-P", Long.toString(master), "-f", "^nginx: worker process");
    return (int) r.stdout().lines().filter(l -> !l.isBlank()).count();
  }
}
