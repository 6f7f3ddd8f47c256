package dev.fleet.nginx;

import static dev.fleet.nginx.FaultHarness.TIMEOUTS;
import static dev.fleet.nginx.FaultHarness.assertSafe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.inventory.Host;
import dev.fleet.inventory.HostKeyPolicy;
import dev.fleet.inventory.SshSettings;
import dev.fleet.nginx.probe.HostState;
import dev.fleet.nginx.step.HostSession;
import dev.fleet.nginx.step.NewBinary;
import dev.fleet.sandbox.NginxBinaries;
import dev.fleet.sandbox.SandboxHost;
import dev.fleet.testing.RealFleet;
import dev.fleet.testing.RealFleetTest;
import dev.fleet.transport.Connection;
import dev.fleet.transport.ssh.SshConnector;
import dev.fleet.transport.ssh.SshOptions;
import dev.fleet.transport.ssh.TcpProxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The network goes away while a host has both masters up (connections refused, as when a switch
 * reboots): fleet keeps reconnecting for the reconnect window and finishes the upgrade once the
 * host answers again, instead of giving up with two masters behind.
 */
@RealFleetTest
class OutageTest {
  /** More refused connects than fleet used to try (three reconnects of two tries each) before giving up. */
  private static final int REFUSED = 10;

  @RegisterExtension static final RealFleet fleet = RealFleet.withHosts(1);

  @TempDir Path dir;

  private final FaultHarness harness = new FaultHarness(fleet);

  @Test
  void anOutageWithBothMastersUpEndsWithTheUpgradeFinishedOnOneMaster() throws Exception {
    SandboxHost box = harness.sandboxHost();
    Path binary = NginxBinaries.changedCopy(fleet.sandbox().dir().resolve("nginx-outage-" + System.nanoTime()), "outage");
    List<String> events = new CopyOnWriteArrayList<>();
    try (TcpProxy relay = new TcpProxy(box.address(), 22)) {
      Host host = throughRelay(harness.host(UnaryOperator.identity()), relay);
      StepObserver outage =
          new StepObserver() {
            @Override
            public void stepSucceeded(String h, String step, Duration took) {
              events.add(step);
              if (step.equals("start-new-master")) {
                relay.outageFor(REFUSED);
              }
            }

            @Override
            public void stateObserved(String h, HostState state, String evidence) {
              events.add("observed " + state.label());
            }
          };
      FaultHarness.Run run =
          harness.underLoad(
              () -> {
                // Quick pauses between tries, so the test needs seconds; the window is generous.
                SshOptions options = SshOptions.defaults().withSshConfig(null).withAgent(false).withConnectAttempts(2, Duration.ofMillis(50));
                try (SshConnector connector = NginxSsh.connector(options);
                    Connection connection = connector.connect(host)) {
                  HostSession session =
                      new HostSession(host, connection, NewBinary.of(binary), TIMEOUTS.withReconnect(Duration.ofMinutes(5)))
                          .reconnectingWith(connector);
                  return new HostUpgrade(outage).run(session);
                }
              });

      assertEquals(UpgradeOutcome.Status.UPGRADED, run.outcome().status(), run.outcome() + " " + events);
      assertEquals(REFUSED, relay.refused.get(), "every connect of the outage was refused");
      assertTrue(events.contains("observed both-up") || events.contains("observed draining"), events.toString());
      assertSafe(box, NewBinary.of(binary).sha256(), run, "outage of " + REFUSED + " refused connects with both masters up");
    }
  }

  /** The host as reached through the relay, its key recorded on first sight in a file of the test's. */
  private Host throughRelay(Host h, TcpProxy relay) {
    SshSettings s = h.ssh();
    SshSettings relayed =
        new SshSettings(
            s.user(), relay.port(), s.identityFile(), dir.resolve("known_hosts"), HostKeyPolicy.ACCEPT_NEW, null,
            s.sudo(), s.connectTimeout(), s.legacyAlgorithms(), s.passphraseEnv(), s.keepalive(), 0);
    return new Host(h.name(), "127.0.0.1", h.groups(), relayed, h.nginx());
  }
}
