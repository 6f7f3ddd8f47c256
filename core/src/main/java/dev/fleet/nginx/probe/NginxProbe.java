package dev.fleet.nginx.probe;

import dev.fleet.inventory.NginxSettings;
import dev.fleet.nginx.script.BinaryPaths;
import dev.fleet.nginx.script.Privilege;
import dev.fleet.nginx.script.Scripts;
import dev.fleet.transport.CommandResult;
import dev.fleet.transport.Connection;
import dev.fleet.transport.RemoteCommand;
import dev.fleet.transport.TransportException;
import java.time.Duration;
import java.util.ArrayList;
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
    return run(ProbeMode.QUICK);
  }

  /** Also the sha256 of every master's executable, of the binary file on disk and of the backup. */
  public NginxSnapshot withDigests() throws TransportException, StepFailure {
    return run(ProbeMode.DIGESTS);
  }

  /** Preflight's look ({@code look}: preflight.sh's lines) and what the health check answered. */
  public record HostFacts(String look, HealthAnswers health) {}

  /**
   * Preflight's one look (preflight.sh): the snapshot with {@code digests} ({@code MASTERS}: what
   * runs and what is on disk; {@code DIGESTS}: the backup too), then the lines {@code arch}, {@code avail}
   * and {@code version} that {@link NginxSnapshot#parse} skips and the preflight step reads; and
   * what the health check's addresses answer now, asked by fleet during the look where it can
   * ({@link HealthAsks}), else by the look.
   */
  public HostFacts withHostFacts(ProbeMode digests) throws TransportException, StepFailure {
    HealthAsks.Split health = HealthAsks.targets(connection, nginx);
    List<String> args = new ArrayList<>(health.arguments());
    args.add(nginx.binary());
    args.addAll(arguments(nginx, digests, ""));
    HealthAsks.Asking asking = health.start(connection);
    String look = output(new RemoteCommand(Scripts.preflight(), args, true, "preflight"));
    return new HostFacts(look, asking.answers(connection, look));
  }

  /**
   * probe.sh's seven arguments: what the look reads and the error log offset, then {@link #place}.
   * watch.sh and preflight.sh take them last and pass them on to the probe they run.
   */
  public static List<String> arguments(NginxSettings nginx, ProbeMode mode, String logOffset) {
    List<String> args = new ArrayList<>(List.of(mode.word(), logOffset));
    args.addAll(place(nginx));
    return args;
  }

  /**
   * Where nginx is, as probe.sh's last five arguments, in the one place on this side that knows
   * their order: a script that runs the probe takes them last and passes them on whole, so no
   * script spells another's positions.
   */
  public static List<String> place(NginxSettings nginx) {
    BinaryPaths paths = new BinaryPaths(nginx.binary());
    return List.of(nginx.pidFile(), nginx.binary(), nginx.errorLog(), paths.backup(), paths.digestMemo());
  }

  private NginxSnapshot run(ProbeMode mode) throws TransportException, StepFailure {
    return NginxSnapshot.parse(
        output(new RemoteCommand(Scripts.load("probe.sh"), arguments(nginx, mode, ""), true, "probe")));
  }

  private String output(RemoteCommand look) throws TransportException, StepFailure {
    CommandResult result = connection.run(look, TIMEOUT);
    if (!result.ok()) {
      throw new StepFailure("could not read nginx state: " + Privilege.explain(result));
    }
    return result.stdout();
  }
}
