package dev.fleet.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.inventory.Host;
import dev.fleet.inventory.InventoryLoader;
import dev.fleet.transport.CommandResult;
import dev.fleet.transport.Connection;
import dev.fleet.transport.Connector;
import dev.fleet.transport.RecordStream;
import dev.fleet.transport.RemoteCommand;
import dev.fleet.transport.TransportException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pure logic: which connection a host gets, with a connector that only counts and records. */
class WarmConnectionsTest {
  @TempDir Path dir;

  /** A connection that runs nothing; it only knows whether it was closed. */
  static final class FakeConnection implements Connection {
    final String host;
    volatile boolean open = true;

    FakeConnection(String host) {
      this.host = host;
    }

    @Override
    public String host() {
      return host;
    }

    @Override
    public CommandResult run(RemoteCommand command, Duration timeout) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CommandResult run(RemoteCommand command, Path input, Duration timeout) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CommandResult runWithSecret(RemoteCommand command, String secret, Duration timeout) {
      throw new UnsupportedOperationException();
    }

    @Override
    public RecordStream stream(RemoteCommand command, Duration timeout) {
      throw new UnsupportedOperationException();
    }


    @Override
    public boolean isOpen() {
      return open;
    }

    @Override
    public void close() {
      open = false;
    }
  }

  /** Counts connects per host; a host in {@code failing} fails its first connect. */
  static final class CountingConnector implements Connector {
    final Map<String, AtomicInteger> connects = new ConcurrentHashMap<>();
    final List<FakeConnection> opened = new CopyOnWriteArrayList<>();
    final List<String> failing = new CopyOnWriteArrayList<>();
    volatile CountDownLatch gate = new CountDownLatch(0);

    @Override
    public Connection connect(Host host) throws TransportException {
      int n = connects.computeIfAbsent(host.name(), h -> new AtomicInteger()).incrementAndGet();
      try {
        gate.await(HANG.toSeconds(), TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (n == 1 && failing.contains(host.name())) {
        throw new TransportException(host.name() + ": connection refused", true);
      }
      FakeConnection c = new FakeConnection(host.name());
      opened.add(c);
      return c;
    }

    int connects(String host) {
      return connects.getOrDefault(host, new AtomicInteger()).get();
    }

    @Override
    public void close() {}
  }

  /** Only fails a hang; no assertion depends on how long anything takes. */
  private static final Duration HANG = Duration.ofMinutes(1);

  static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + HANG.toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "hung waiting for " + what);
      Thread.sleep(5);
    }
  }

  private List<Host> hosts(String... names) throws Exception {
    StringBuilder yaml = new StringBuilder("upgrade:\n  binary: " + Files.writeString(dir.resolve("nginx"), "x") + "\ndefaults:\n  ssh:\n    host_key_policy: accept-new\n    known_hosts: " + dir.resolve("known_hosts")
            + "\ngroups:\n  web:\n    hosts:\n");
    for (String name : names) {
      yaml.append("      ").append(name).append(":\n        address: 127.0.0.1\n");
    }
    Path inventory = Files.writeString(dir.resolve("inventory.yml"), yaml.toString());
    return InventoryLoader.standard().load(inventory).hosts();
  }

  @Test
  void aWarmedHostGetsTheConnectionOpenedAheadAndIsNotConnectedAgain() throws Exception {
    CountingConnector connector = new CountingConnector();
    List<Host> h = hosts("web1", "web2");
    try (WarmConnections warm = new WarmConnections(connector, 2)) {
      warm.warm(h);
      Connection first = warm.connect(h.get(0));
      assertSame(connector.opened.stream().filter(c -> c.host.equals("web1")).findFirst().orElseThrow(), first);
      assertEquals(1, connector.connects("web1"));
    }
  }

  @Test
  void aHostWhoseConnectAheadFailedIsConnectedAgainAtItsTurn() throws Exception {
    CountingConnector connector = new CountingConnector();
    connector.failing.add("web1");
    List<Host> h = hosts("web1");
    try (WarmConnections warm = new WarmConnections(connector, 1)) {
      warm.warm(h);
      assertTrue(warm.connect(h.get(0)).isOpen());
      assertEquals(2, connector.connects("web1"));
    }
  }

  @Test
  void aConnectionThatDiedWhileWaitingIsClosedAndReplaced() throws Exception {
    CountingConnector connector = new CountingConnector();
    List<Host> h = hosts("web1");
    try (WarmConnections warm = new WarmConnections(connector, 1)) {
      warm.warm(h);
      awaitTrue(() -> !connector.opened.isEmpty(), "the connect ahead");
      FakeConnection dead = connector.opened.get(0);
      dead.open = false;
      Connection fresh = warm.connect(h.get(0));
      assertNotSame(dead, fresh);
      assertTrue(fresh.isOpen());
      assertEquals(2, connector.connects("web1"));
    }
  }

  @Test
  void theNextHostsAreConnectedOnlyOnceTheCurrentOnesHaveConnected() throws Exception {
    CountingConnector connector = new CountingConnector();
    List<Host> h = hosts("web1", "web2", "web3");
    try (WarmConnections warm = new WarmConnections(connector, 2)) {
      warm.warmAfter(h.subList(0, 1), h.subList(1, 3));
      assertEquals(2, warm.waitingToWarm());
      assertEquals(0, connector.connects("web2") + connector.connects("web3"));
      warm.connect(h.get(0));
      assertEquals(0, warm.waitingToWarm());
      awaitTrue(() -> connector.connects("web2") == 1 && connector.connects("web3") == 1, "the next hosts' connects");
      Connection second = warm.connect(h.get(1));
      assertSame(connector.opened.stream().filter(c -> c.host.equals("web2")).findFirst().orElseThrow(), second);
      assertEquals(1, connector.connects("web2"));
    }
  }

  @Test
  void aConnectThatFailedStillLetsTheNextHostsConnect() throws Exception {
    CountingConnector connector = new CountingConnector();
    connector.failing.add("web1");
    List<Host> h = hosts("web1", "web2");
    try (WarmConnections warm = new WarmConnections(connector, 1)) {
      warm.warmAfter(h.subList(0, 1), h.subList(1, 2));
      assertThrows(TransportException.class, () -> warm.connect(h.get(0)));
      assertEquals(0, warm.waitingToWarm());
      awaitTrue(() -> connector.connects("web2") == 1, "the next host's connect");
    }
  }

  @Test
  void withNoCurrentHostsTheNextAreConnectedAtOnce() throws Exception {
    CountingConnector connector = new CountingConnector();
    List<Host> h = hosts("web1");
    try (WarmConnections warm = new WarmConnections(connector, 1)) {
      warm.warmAfter(List.of(), h);
      assertEquals(0, warm.waitingToWarm());
      awaitTrue(() -> connector.connects("web1") == 1, "the connect ahead");
    }
  }

  @Test
  void aHostNeverWarmedIsConnectedTheOrdinaryWay() throws Exception {
    CountingConnector connector = new CountingConnector();
    List<Host> h = hosts("web1");
    try (WarmConnections warm = new WarmConnections(connector, 1)) {
      assertTrue(warm.connect(h.get(0)).isOpen());
      assertEquals(1, connector.connects("web1"));
    }
  }

  @Test
  void closingClosesConnectionsNoHostTookEvenOnesStillConnecting() throws Exception {
    CountingConnector connector = new CountingConnector();
    connector.gate = new CountDownLatch(1);
    List<Host> h = hosts("web1", "web2");
    WarmConnections warm = new WarmConnections(connector, 2);
    warm.warm(h);
    warm.close();
    connector.gate.countDown(); // the connects complete only after the close
    // The connects finish on the pool's threads: wait for both (a hang at most), then look.
    awaitTrue(() -> connector.opened.size() == 2, "both connects to finish: " + connector.opened);
    awaitTrue(() -> connector.opened.stream().noneMatch(FakeConnection::isOpen), "the close to reach both");
    assertEquals(2, connector.opened.size());
    connector.opened.forEach(c -> assertFalse(c.isOpen(), c.host + " left open"));
  }
}
