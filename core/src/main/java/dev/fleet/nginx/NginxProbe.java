package dev.fleet.nginx;

import dev.fleet.inventory.NginxSettings;
import dev.fleet.transport.CommandResult;
import dev.fleet.transport.Connection;
import dev.fleet.transport.RemoteCommand;
import dev.fleet.transport.TransportException;
import java.time.Duration;

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
   * Like {@link #quick(long)} plus the sha256 of master {@code pid}'s executable only: hashing
   * every executable and the files on disk costs a full read of each, 20 MB for a big binary.
   */
  public NginxSnapshot withDigestOf(int pid, long logOffset) throws TransportException, StepFailure {
    return run("exe:" + pid, logOffset);
  }

  private NginxSnapshot run(boolean digests, long logOffset)
      throws TransportException, StepFailure {
    return run(digests ? "digests" : "quick", logOffset);
  }

  private NginxSnapshot run(String digests, long logOffset)
      throws TransportException, StepFailure {
    RemoteCommand probe =
        RemoteCommand.privileged(
            "probe",
            Scripts.load("probe.sh"),
            nginx.pidFile(),
            nginx.binary(),
            nginx.errorLog(),
            digests,
            logOffset < 0 ? "" : Long.toString(logOffset),
            UpgradeContext.backupOf(nginx.binary()));
    CommandResult result = connection.run(probe, TIMEOUT);
    if (!result.ok()) {
      throw new StepFailure("could not read nginx state: " + Privilege.explain(result));
    }
    return NginxSnapshot.parse(result.stdout());
  }
}
