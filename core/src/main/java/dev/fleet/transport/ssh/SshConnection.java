package dev.fleet.transport.ssh;

import dev.fleet.inventory.Host;
import dev.fleet.transport.CommandResult;
import dev.fleet.transport.Connection;
import dev.fleet.transport.RecordStream;
import dev.fleet.transport.RemoteCommand;
import dev.fleet.transport.TransportException;
import java.nio.file.Path;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import org.apache.sshd.client.session.ClientSession;

/** One authenticated SSH session with one host; each command is a channel on it. */
final class SshConnection implements Connection {
  private final Host host;
  private final ClientSession session;
  private final CommandRunner commands;
  private final ForwardedHttp http;

  /** {@code uploads}: the connector's permits for commands with stdin, shared by all hosts. */
  SshConnection(Host host, ClientSession session, SshOptions options, Semaphore uploads, ShellLibrary library) {
    this.host = host;
    this.session = session;
    boolean useSudo = host.ssh().sudo() && !"root".equals(session.getUsername());
    this.commands = new CommandRunner(host.name(), session, useSudo, options.killGrace(), uploads, Shells.enabled(), library);
    this.http = new ForwardedHttp(session);
    commands.warmUp();
  }

  @Override
  public String host() {
    return host.name();
  }

  @Override
  public CommandResult run(RemoteCommand command, Duration timeout) throws TransportException {
    ensureOpen(command.label());
    return commands.run(command, timeout);
  }

  @Override
  public CommandResult run(RemoteCommand command, Path input, Duration timeout)
      throws TransportException {
    ensureOpen(command.label());
    return commands.run(command, input, timeout);
  }

  @Override
  public CommandResult runWithSecret(RemoteCommand command, String secret, Duration timeout)
      throws TransportException {
    ensureOpen(command.label());
    return commands.runWithSecret(command, secret, timeout);
  }

  @Override
  public RecordStream stream(RemoteCommand command, Duration timeout) throws TransportException {
    ensureOpen(command.label());
    return commands.stream(command, timeout);
  }

  @Override
  public HttpAsk startHttpAsk(String url, Duration within) throws TransportException {
    ensureOpen("the health check");
    ForwardedHttp.Pending pending;
    try {
      pending = http.start(url, within);
    } catch (IOException | IllegalStateException e) {
      throw lost(url, e);
    }
    return () -> {
      try {
        return pending.await();
      } catch (IOException e) {
        throw lost(url, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TransportException(host.name() + ": interrupted while asking " + url, false, e);
      }
    };
  }

  private TransportException lost(String url, Exception e) {
    return new TransportException(host.name() + ": connection lost while asking " + url + ": " + e.getMessage(), true, e);
  }

  @Override
  public boolean mayAskHttp() {
    return http.mayAsk();
  }

  private void ensureOpen(String what) throws TransportException {
    if (!isOpen()) {
      throw new TransportException(
          host.name() + ": cannot run " + what + ": the connection is closed; connect again", true);
    }
  }

  @Override
  public boolean isOpen() {
    return session.isOpen() && !session.isClosing();
  }

  @Override
  public void close() {
    commands.close();
    session.close(false);
  }
}
