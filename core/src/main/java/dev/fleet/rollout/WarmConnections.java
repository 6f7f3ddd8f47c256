package dev.fleet.rollout;

import dev.fleet.inventory.Host;
import dev.fleet.transport.Connection;
import dev.fleet.transport.Connector;
import dev.fleet.transport.TransportException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Connections opened ahead of a host's turn: while one batch runs, the first hosts of the next
 * one are connected to, so they start their upgrade on a session that is already up (a connect
 * is a key exchange and a login, the slowest round trips of a host's upgrade). Connecting changes
 * nothing on a host. A connection whose host never gets its turn is closed unused; one that
 * failed or died while waiting is opened again the ordinary way when the host's turn comes, so
 * no host is refused for what happened before its turn.
 */
final class WarmConnections implements Connector {
  private final Connector connector;
  private final ExecutorService pool;
  private final Map<String, CompletableFuture<Connection>> ready = new ConcurrentHashMap<>();

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

  @Override
  public Connection connect(Host host) throws TransportException {
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
