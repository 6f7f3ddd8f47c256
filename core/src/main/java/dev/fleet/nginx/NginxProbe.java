package dev.fleet.nginx;

import dev.fleet.inventory.NginxSettings;
import dev.fleet.transport.CommandResult;
import dev.fleet.transport.Connection;
import dev.fleet.transport.RemoteCommand;
import dev.fleet.transport.TransportException;
import java.time.Duration;
import java.util.List;

/**
 * Reads a host's nginx state in one round trip. Privileged because /proc/PID/exe of a root
 * master is readable only by root.
 */
public final class NginxProbe {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Connection connection;
  private final NginxSettings nginx;

  public NginxProbe(Connection connection, NginxSettings nginx) {
    this.connection = connection;
    this.nginx = nginx;
  }

  /** Pid files and process table only: cheap enough to poll. */
  public NginxSnapshot quick() throws TransportException, StepFailure {
    return run(false, -1);
  }

  /** Also the error log's alarming lines written after {@code logOffset}. */
  public NginxSnapshot quick(long logOffset) throws TransportException, StepFailure {
    return run(false, logOffset);
  }

  /** Also the sha256 of every master's executable and of the binary file on disk. */
  public NginxSnapshot withDigests(long logOffset) throws TransportException, StepFailure {
    return run(true, logOffset);
  }

  /**
   * Preflight's one look (preflight.sh): the snapshot with {@code digests} ("masters": what runs
   * and what is on disk; "digests": the backup too), then the lines {@code arch}, {@code avail}
   * and {@code version} that {@link NginxSnapshot#parse} skips and {@link Preflight} reads.
   */
  String withHostFacts(String digests) throws TransportException, StepFailure {
    return output(new RemoteCommand(Scripts.preflight(), arguments(nginx, digests, ""), true, "preflight"));
  }

  /**
   * Like {@link #quick(long)} plus the sha256 of master {@code pid}'s executable only: hashing
   * every executable and the files on disk costs a full read of each, 20 MB for a big binary.
   */
  public NginxSnapshot withDigestOf(int pid, long logOffset) throws TransportException, StepFailure {
    return run("exe:" + pid, logOffset);
  }

  /**
   * probe.sh's six arguments, in the one place that knows their order; watch.sh and soak.sh
   * pass them on to the probe they run.
   */
  static List<String> arguments(NginxSettings nginx, String mode, String logOffset) {
    return List.of(
        nginx.pidFile(), nginx.binary(), nginx.errorLog(), mode, logOffset,
        UpgradeContext.backupOf(nginx.binary()));
  }

  /** An error log offset as probe.sh takes it: empty for none. */
  static String offset(long logOffset) {
    return logOffset < 0 ? "" : Long.toString(logOffset);
  }

  private NginxSnapshot run(boolean digests, long logOffset)
      throws TransportException, StepFailure {
    return run(digests ? "digests" : "quick", logOffset);
  }

  private NginxSnapshot run(String digests, long logOffset)
      throws TransportException, StepFailure {
    return NginxSnapshot.parse(
        output(new RemoteCommand(Scripts.load("probe.sh"), arguments(nginx, digests, offset(logOffset)), true, "probe")));
  }

  private String output(RemoteCommand look) throws TransportException, StepFailure {
    CommandResult result = connection.run(look, TIMEOUT);
    if (!result.ok()) {
      throw new StepFailure("could not read nginx state: " + Privilege.explain(result));
    }
    return result.stdout();
  }
}
