package dev.fleet.testing;

import dev.fleet.sandbox.Sandbox;
import dev.fleet.sandbox.SandboxFleet;
import dev.fleet.sandbox.SandboxHost;
import dev.fleet.sandbox.SandboxSpec;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real fleet (real sshd, real nginx) for one test class:
 * {@code @RegisterExtension static final RealFleet fleet = RealFleet.withHosts(3);}
 *
 * <p>Started before the class's tests in {@code target/sandbox/<TestClass>}, on a loopback network
 * no other fleet uses; torn down after them and, should the JVM be stopped first, by a shutdown
 * hook. A fleet that cannot start fails the tests with the reason; it never skips them.
 */
public final class RealFleet implements BeforeAllCallback, AfterAllCallback {
  private static final Set<Path> DIRS_IN_USE = new HashSet<>();

  private final int hosts;
  private final UnaryOperator<SandboxSpec> options;
  private SandboxFleet fleet;
  private Thread shutdownHook;

  private RealFleet(int hosts, UnaryOperator<SandboxSpec> options) {
    this.hosts = hosts;
    this.options = options;
  }

  public static RealFleet withHosts(int hosts) {
    return new RealFleet(hosts, UnaryOperator.identity());
  }

  /** The inventory logs in as deploy and uses sudo. */
  public RealFleet asDeployWithSudo() {
    return with(spec -> spec.withLoginUser(SandboxSpec.DEPLOY));
  }

  /** sshd offers no sftp subsystem (OpenSSH 9 scp then fails). */
  public RealFleet withoutSftp() {
    return with(SandboxSpec::withoutSftp);
  }

  /** Any other spec change: {@code RealFleet.withHosts(2).with(s -> s.withSshPort(2222))}. */
  public RealFleet with(UnaryOperator<SandboxSpec> option) {
    return new RealFleet(hosts, spec -> option.apply(options.apply(spec)));
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    Path dir = uniqueDir(context.getRequiredTestClass().getSimpleName());
    SandboxSpec spec =
        options.apply(SandboxSpec.of(dir, hosts).withNetworkPrefix(LoopbackNetworks.claim(SandboxSpec.networksFor(hosts))));
    shutdownHook = new Thread(() -> Sandbox.down(dir), "real-fleet-teardown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    fleet = Sandbox.up(spec);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (fleet != null) {
      fleet.close();
    }
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException jvmAlreadyShuttingDown) {
        // the hook runs anyway; down() is idempotent
      }
    }
  }

  public SandboxFleet sandbox() {
    if (fleet == null) {
      throw new IllegalStateException("the real fleet is not started; register it with @RegisterExtension on a static field");
    }
    return fleet;
  }

  public List<SandboxHost> hosts() {
    return sandbox().hosts();
  }

  public SandboxHost host(String name) {
    return sandbox().host(name);
  }

  public Path inventoryFile() {
    return sandbox().inventoryFile();
  }

  private static synchronized Path uniqueDir(String testClass) {
    Path base = Path.of("target", "sandbox").toAbsolutePath();
    Path dir = base.resolve(testClass);
    for (int n = 2; !DIRS_IN_USE.add(dir); n++) {
      dir = base.resolve(testClass + "-" + n);
    }
    return dir;
  }
}
