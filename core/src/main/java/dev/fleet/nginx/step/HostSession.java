package dev.fleet.nginx.step;

import dev.fleet.inventory.Host;
import dev.fleet.nginx.probe.LossAwareConnection;
import dev.fleet.nginx.probe.NginxProbe;
import dev.fleet.nginx.probe.NginxWatch;
import dev.fleet.nginx.probe.ProcessEntry;
import dev.fleet.nginx.probe.StepFailure;
import dev.fleet.nginx.script.BinaryPaths;
import dev.fleet.nginx.script.Privilege;
import dev.fleet.nginx.script.Scripts;
import dev.fleet.transport.CommandResult;
import dev.fleet.transport.Connection;
import dev.fleet.transport.Connector;
import dev.fleet.transport.RemoteCommand;
import dev.fleet.transport.TransportException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One host's procedure as it talks to the host: the connection and when to reopen it, the waits,
 * what is being installed, and the commands every step runs. It holds no fact about the host;
 * what the steps learn travels as their results ({@link Learned}).
 */
public final class HostSession {
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

  /** How often one host's connection may break and be reopened before fleet stops trying. */
  private static final int MAX_RECONNECTS = 3;

  final Host host;
  /** The binary to install; empty for a rollback, which installs the kept backup. */
  final Optional<NewBinary> newBinary;
  final UpgradeTimeouts timeouts;
  final BinaryPaths paths;
  /** Replaced when a broken connection is reopened; see {@link #reconnect}. */
  private Connection connection;
  private NginxProbe probe;
  private Connector connector;
  private int reconnects;
  /** Set once {@link #reconnect} opened a connection: the caller only closes the one it gave. */
  private boolean reopened;

  /** {@code newBinary}: null for a rollback. */
  public HostSession(Host host, Connection connection, NewBinary newBinary, UpgradeTimeouts timeouts) {
    this.host = host;
    this.connection = LossAwareConnection.of(connection);
    this.probe = new NginxProbe(this.connection, host.nginx());
    this.newBinary = Optional.ofNullable(newBinary);
    this.timeouts = timeouts;
    this.paths = new BinaryPaths(host.nginx().binary());
  }

  /**
   * Lets the procedure reopen the connection through {@code connector} when it breaks half-way, and
   * carry on from what the host then shows (see {@code HostRecovery}).
   */
  public HostSession reconnectingWith(Connector connector) {
    this.connector = connector;
    return this;
  }

  public Host host() {
    return host;
  }

  public UpgradeTimeouts timeouts() {
    return timeouts;
  }

  /** The binary to install; empty for a rollback. */
  public Optional<NewBinary> newBinary() {
    return newBinary;
  }

  public BinaryPaths paths() {
    return paths;
  }

  /** The sha256 the caller is installing, when it knows it before looking at the host. */
  public Optional<String> knownTarget() {
    return newBinary.map(NewBinary::sha256);
  }

  public boolean canReconnect() {
    return connector != null && reconnects < MAX_RECONNECTS;
  }

  /**
   * Opens a fresh connection, trying for the reconnect window (see {@link Connector#reconnect});
   * the old one is closed first.
   */
  public void reconnect() throws TransportException {
    reconnects++;
    connection.close();
    connection = LossAwareConnection.of(connector.reconnect(host, timeouts.reconnect()));
    probe = new NginxProbe(connection, host.nginx());
    reopened = true;
  }

  public void closeReopened() {
    if (reopened) {
      connection.close();
      reopened = false;
    }
  }

  /** The connection in use now: the caller's, or after a reconnect one the session closes itself. */
  public Connection connection() {
    return connection;
  }

  public NginxProbe probe() {
    return probe;
  }

  public String binary() {
    return paths.binary();
  }

  /** Runs one of {@link Scripts}' scripts (its text), privileged, within the usual deadline. */
  CommandResult run(String label, String script, List<String> args) throws TransportException {
    RemoteCommand command = new RemoteCommand(script, args, true, label);
    return connection.run(command, COMMAND_TIMEOUT);
  }

  /**
   * Sends {@code signal} to {@code master} and watches the host after it, as one command; see
   * {@link NginxWatch}; {@code readLog} as there.
   */
  NginxWatch watchAfter(ProcessEntry master, String signal, boolean readLog, Duration timeout)
      throws TransportException {
    return NginxWatch.afterSignal(connection, host.nginx(), master, signal, readLog, timeout);
  }

  /** SIGKILLs a master fleet observed and everything it started; see signal.sh. */
  void killTree(ProcessEntry target) throws TransportException, StepFailure {
    signal(target, "KILL-TREE");
  }

  /** Signals a master fleet observed, refusing if its pid now names another process. */
  void signal(ProcessEntry target, String signal) throws TransportException, StepFailure {
    CommandResult result =
        run(
            "kill-" + signal,
            Scripts.load("signal.sh"),
            List.of(
                signal,
                Integer.toString(target.pid()),
                Long.toString(target.startTicks()),
                binary()));
    if (!result.ok()) {
      throw new StepFailure(
          "could not send " + signal + " to master " + target.pid() + ": " + Privilege.explain(result));
    }
  }

  /**
   * The last lines of the error log written since {@code offset} (its size before USR2), whatever
   * their level: a binary that dies at start leaves its reason on stderr, which nginx points at the
   * error log.
   */
  List<String> errorLogTail(long offset) throws TransportException {
    CommandResult tail =
        run(
            "error-log-tail",
            Scripts.load("log-tail.sh"),
            List.of(host.nginx().errorLog(), Long.toString(offset)));
    return tail.stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
  }
}
