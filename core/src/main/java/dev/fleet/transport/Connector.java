package dev.fleet.transport;

import dev.fleet.inventory.Host;
import java.time.Duration;

/** Opens connections to hosts; the only door from core to the network. */
public interface Connector extends AutoCloseable {

  Connection connect(Host host) throws TransportException;

  /**
   * Opens a connection again to a host whose connection broke half-way through its upgrade:
   * keeps trying, by the same {@link ConnectRetry} as a connect, until {@code window} has passed,
   * since giving up early can leave a host with two masters. Connectors that cannot wait (tests'
   * stand-ins) connect once.
   */
  default Connection reconnect(Host host, Duration window) throws TransportException {
    return connect(host);
  }

  @Override
  void close();
}
