package dev.fleet.nginx;

import static dev.fleet.testing.HostFacts.exists;
import static dev.fleet.testing.HostFacts.sha256;
import static dev.fleet.testing.HostFacts.soleMaster;
import static dev.fleet.testing.HostFacts.workersOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.fleet.inventory.Host;
import dev.fleet.inventory.InventoryLoader;
import dev.fleet.inventory.NginxSettings;
import dev.fleet.inventory.UpgradeOverrides;
import dev.fleet.inventory.UpgradeSetting;
import dev.fleet.nginx.step.HostSession;
import dev.fleet.nginx.step.NewBinary;
import dev.fleet.nginx.step.UpgradeTimeouts;
import dev.fleet.sandbox.HttpLoad;
import dev.fleet.sandbox.HttpLoadStats;
import dev.fleet.sandbox.NginxBinaries;
import dev.fleet.sandbox.SandboxHost;
import dev.fleet.testing.RealFleet;
import dev.fleet.transport.Connection;
import dev.fleet.transport.ssh.SshConnector;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Runs one host's upgrade on a real fleet under HTTP load, and checks the state a failure must
 * leave: one master, named by the pid file, no .oldbin, the binary on disk is the one it runs,
 * all workers up, and no request failed.
 */
final class FaultHarness {
  /**
   * Every wait ends on what the host shows long before these; they only fail a hang, so a machine
   * whose cores are busy with other work cannot turn a slow step into a failed one. A test whose
   * subject is a deadline (a master that never comes up, workers that never drain) sets that one
   * itself. The soak is no deadline: it is how long the workers must stay, and cannot fail by load.
   */
  static final UpgradeTimeouts TIMEOUTS =
      new UpgradeTimeouts(Duration.ofMinutes(2), Duration.ofMinutes(2), Duration.ofMinutes(2), Duration.ofMillis(300));

  private final RealFleet fleet;
  /** The path the HTTP load asks every host; "/" unless a test breaks "/" on purpose. */
  private final String loadPath;

  FaultHarness(RealFleet fleet) {
    this(fleet, "/");
  }

  private FaultHarness(RealFleet fleet, String loadPath) {
    this.fleet = fleet;
    this.loadPath = loadPath;
  }

  /** The same harness with the load on {@code path}, for tests whose fault is what "/" answers. */
  FaultHarness withLoadOn(String path) {
    return new FaultHarness(fleet, path);
  }

  /** web1 as the sandbox inventory describes it, with {@code change} applied to its nginx settings. */
  Host host(UnaryOperator<NginxSettings> change) throws Exception {
    Host h =
        InventoryLoader.standard()
            .load(fleet.inventoryFile(), UpgradeOverrides.none())
            .hosts()
            .get(0);
    return new Host(h.name(), h.address(), h.groups(), h.ssh(), change.apply(h.nginx()));
  }

  SandboxHost sandboxHost() {
    return fleet.hosts().get(0);
  }

  /** A runnable copy of the machine's nginx that differs from every other by {@code marker}. */
  Path newBinary(String marker) throws Exception {
    return NginxBinaries.changedCopy(fleet.sandbox().dir().resolve("nginx-" + marker + "-" + System.nanoTime()), marker);
  }

  /** The upgrade and what the HTTP load saw meanwhile. */
  record Run(UpgradeOutcome outcome, HttpLoadStats load) {}

  Run upgrade(Path binary, UpgradeTimeouts timeouts, StepObserver observer) throws Exception {
    return upgrade(host(UnaryOperator.identity()), binary, timeouts, observer);
  }

  Run upgrade(Host host, Path binary, UpgradeTimeouts timeouts, StepObserver observer) throws Exception {
    return upgrade(host, new HostUpgrade(observer), binary, timeouts);
  }

  /** As above, by a procedure of other steps (a test's). */
  Run upgrade(Host host, HostUpgrade procedure, Path binary, UpgradeTimeouts timeouts) throws Exception {
    NewBinary newBinary = NewBinary.of(binary);
    return underLoad(
        () -> {
          try (SshConnector connector = NginxSsh.connector();
              Connection connection = connector.connect(host)) {
            return procedure.run(new HostSession(host, connection, newBinary, timeouts).reconnectingWith(connector));
          }
        });
  }

  interface Action {
    UpgradeOutcome run() throws Exception;
  }

  Run underLoad(Action action) throws Exception {
    List<URI> urls = fleet.sandbox().healthUrls().stream().map(url -> url.resolve(loadPath)).toList();
    HttpLoad load = new HttpLoad(urls).start();
    UpgradeOutcome outcome;
    try {
      outcome = action.run();
    } catch (Exception e) {
      load.stop();
      throw e;
    }
    return new Run(outcome, load.stop());
  }

  /**
   * Asserts the host serves from exactly one master running {@code digest}, which is also the
   * binary on disk, with all its workers, and that no request failed; prints the request count.
   */
  static void assertSafe(SandboxHost host, String digest, Run run, String test) {
    long master = soleMaster(host);
    assertEquals(digest, sha256(host, "/proc/" + master + "/exe"), host.name() + ": running binary");
    assertEquals(digest, sha256(host, "/usr/sbin/nginx"), host.name() + ": binary on disk");
    assertEquals(2, workersOf(host, master), host.name() + ": workers of " + master);
    assertFalse(exists(host, "/usr/sbin/.nginx.fleet-new"), host.name() + ": upload left behind");
    assertEquals(0, run.load().failed(), "requests failed: " + run.load());
    System.out.printf(
        "%s: %s at %s, %d HTTP requests, %d failed%n",
        test, run.outcome().status(), run.outcome().step(), run.load().sent(), run.load().failed());
  }
}
