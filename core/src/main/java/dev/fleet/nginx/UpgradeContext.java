package dev.fleet.nginx;

import dev.fleet.inventory.Host;
import dev.fleet.transport.CommandResult;
import dev.fleet.transport.Connection;
import dev.fleet.transport.Connector;
import dev.fleet.transport.RemoteCommand;
import dev.fleet.transport.TransportException;
import java.time.Duration;
import java.util.List;

/**
 * One host's upgrade in progress: the connection, what is being installed, and what the steps
 * observed so far (the old master, the new one). Steps record facts here; undo reads them.
 */
public final class UpgradeContext {
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

  /** How often one host's connection may break and be reopened before fleet stops trying. */
  private static final int MAX_RECONNECTS = 3;

  final Host host;
  final NewBinary newBinary;
  final UpgradeTimeouts timeouts;
  /** Replaced when a broken connection is reopened; see {@link #reconnect}. */
  Connection connection;
  NginxProbe probe;
  private Connector connector;
  private int reconnects;
  /** Set once {@link #reconnect} opened a connection: the caller only closes the one it gave. */
  private boolean reopened;

  /** The sha256 the host must end up running: the new binary's, or the backup's for a rollback. */
  String targetSha256;
  /** The sha256 the old master runs: what the binary path must hold again after a rollback. */
  String oldSha256;

  /** The master running before the upgrade, read once in preflight. */
  ProcessEntry oldMaster;
  /** The master the new binary started, once seen. */
  ProcessEntry newMaster;
  /** Workers the old master had: the new one must reach the same count. */
  int expectedWorkers;
  /** Preflight found the new binary already running: nothing to do. */
  boolean alreadyCurrent;
  /** What {@code nginx -v} said of the running binary and of the staged one, for progress. */
  String oldVersion = "";
  /** The host's {@code uname -m}, from preflight: a downloaded binary must be built for it. */
  String hostArch = "";
  String newVersion = "";
  /** What the health check's addresses answered in preflight; null when not known (a resumed run). */
  HealthAnswers healthBefore;
  /** Error log size before USR2: only lines after it are this upgrade's. */
  long errorLogOffset = -1;

  public UpgradeContext(
      Host host, Connection connection, NewBinary newBinary, UpgradeTimeouts timeouts) {
    this.host = host;
    this.connection = LossAwareConnection.of(connection);
    this.probe = new NginxProbe(this.connection, host.nginx());
    this.newBinary = newBinary;
    this.timeouts = timeouts;
    this.targetSha256 = newBinary == null ? null : newBinary.sha256();
  }

  /**
   * Lets the upgrade reopen the connection through {@code connector} when it breaks half-way, and
   * carry on from what the host then shows (see {@link HostRecovery}).
   */
  public UpgradeContext reconnectingWith(Connector connector) {
    this.connector = connector;
    return this;
  }

  boolean canReconnect() {
    return connector != null && reconnects < MAX_RECONNECTS;
  }

  /**
   * Opens a fresh connection, trying for the reconnect window (see {@link Connector#reconnect});
   * the old one is closed first.
   */
  void reconnect() throws TransportException {
    reconnects++;
    connection.close();
    connection = LossAwareConnection.of(connector.reconnect(host, timeouts.reconnect()));
    probe = new NginxProbe(connection, host.nginx());
    reopened = true;
  }

  void closeReopened() {
    if (reopened) {
      connection.close();
      reopened = false;
    }
  }

  /** The connection in use now: the caller's, or after a reconnect one the upgrade closes itself. */
  public Connection connection() {
    return connection;
  }

  String binary() {
    return host.nginx().binary();
  }

  /** The upload lands beside the binary so the final rename stays within one file system. */
  String stagedPath() {
    String bin = binary();
    int slash = bin.lastIndexOf('/');
    return bin.substring(0, slash + 1) + "." + bin.substring(slash + 1) + ".fleet-new";
  }

  /** Where the replaced binary is kept, for rollback now and `fleet rollback` later. */
  String backupPath() {
    return backupOf(binary());
  }

  static String backupOf(String binary) {
    return binary + ".fleet-backup";
  }

  /** Runs one of {@link Scripts}' scripts (its text), privileged, within the usual deadline. */
  CommandResult run(String label, String script, List<String> args)
      throws TransportException {
    RemoteCommand command = new RemoteCommand(script, args, true, label);
    return connection.run(command, COMMAND_TIMEOUT);
  }

  /**
   * Sends {@code signal} to the old master and watches the host after it, as one command; see
   * {@link NginxWatch}; {@code readLog} as there.
   */
  NginxWatch watchAfter(String signal, boolean readLog, Duration timeout)
      throws TransportException {
    return NginxWatch.afterSignal(connection, host.nginx(), oldMaster, signal, readLog, timeout);
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
   * The last lines of the error log written since USR2, whatever their level: a binary that dies
   * at start leaves its reason on stderr, which nginx points at the error log.
   */
  List<String> errorLogTail() throws TransportException {
    if (errorLogOffset < 0) {
      return List.of();
    }
    CommandResult tail =
        run(
            "error-log-tail",
            Scripts.load("log-tail.sh"),
            List.of(host.nginx().errorLog(), Long.toString(errorLogOffset)));
    return tail.stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
  }
}
