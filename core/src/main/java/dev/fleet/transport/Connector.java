package dev.fleet.transport;

import dev.fleet.inventory.Host;

/** Opens connections to hosts; the only door from core to the network. */
public interface Connector extends AutoCloseable {

  Connection connect(Host host) throws TransportException;

  @Override
  void close();
}
