package dev.fleet.nginx.probe;

import dev.fleet.transport.CommandResult;
import dev.fleet.transport.Connection;
import dev.fleet.transport.RecordStream;
import dev.fleet.transport.RemoteCommand;
import dev.fleet.transport.TransportException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A connection whose every breakage is a retryable {@link TransportException}. Apache SSHD throws
 * IllegalStateException ("Channel ... not registered because session is being closed") when a
 * command starts on a session the peer has just dropped; for the upgrade that is a lost
 * connection like any other, to reconnect and re-probe after, never a crash mid-upgrade.
 */
public final class LossAwareConnection implements Connection {
  private final Connection inner;

  private LossAwareConnection(Connection inner) {
    this.inner = inner;
  }

  public static Connection of(Connection connection) {
    return connection == null || connection instanceof LossAwareConnection
        ? connection
        : new LossAwareConnection(connection);
  }

  @Override
  public String host() {
    return inner.host();
  }

  @Override
  public CommandResult run(RemoteCommand command, Duration timeout) throws TransportException {
    return guarded(command, () -> inner.run(command, timeout));
  }

  @Override
  public CommandResult run(RemoteCommand command, Path input, Duration timeout)
      throws TransportException {
    return guarded(command, () -> inner.run(command, input, timeout));
  }

  @Override
  public CommandResult runWithSecret(RemoteCommand command, String secret, Duration timeout)
      throws TransportException {
    return guarded(command, () -> inner.runWithSecret(command, secret, timeout));
  }

  @Override
  public RecordStream stream(RemoteCommand command, Duration timeout) throws TransportException {
    return guarded(command, () -> inner.stream(command, timeout));
  }

  @Override
  public HttpAsk startHttpAsk(String url, Duration within) throws TransportException {
    try {
      HttpAsk ask = inner.startHttpAsk(url, within);
      return () -> {
        try {
          return ask.await();
        } catch (IllegalStateException e) {
          throw lostAsking(url, e);
        }
      };
    } catch (IllegalStateException e) {
      throw lostAsking(url, e);
    }
  }

  private TransportException lostAsking(String url, IllegalStateException e) {
    return new TransportException(inner.host() + ": connection lost before asking " + url + ": " + e.getMessage(), true, e);
  }

  @Override
  public boolean mayAskHttp() {
    return inner.mayAskHttp();
  }

  @Override
  public boolean isOpen() {
    return inner.isOpen();
  }

  @Override
  public void close() {
    inner.close();
  }

  private interface Start<T> {
    T start() throws TransportException;
  }

  private <T> T guarded(RemoteCommand command, Start<T> start) throws TransportException {
    try {
      return start.start();
    } catch (IllegalStateException e) {
      throw new TransportException(
          inner.host() + ": connection lost before " + command.label() + ": " + e.getMessage(), true, e);
    }
  }
}
