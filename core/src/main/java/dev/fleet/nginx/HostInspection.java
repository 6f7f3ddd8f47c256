package dev.fleet.nginx;

import dev.fleet.inventory.Host;
import dev.fleet.nginx.probe.HealthAnswers;
import dev.fleet.nginx.probe.HealthAsks;
import dev.fleet.nginx.probe.HealthCheck;
import dev.fleet.nginx.probe.HostState;
import dev.fleet.nginx.probe.HostView;
import dev.fleet.nginx.probe.LossAwareConnection;
import dev.fleet.nginx.probe.NginxProbe;
import dev.fleet.nginx.probe.NginxSnapshot;
import dev.fleet.nginx.probe.ProcessEntry;
import dev.fleet.nginx.probe.StepFailure;
import dev.fleet.nginx.script.Privilege;
import dev.fleet.nginx.script.Scripts;
import dev.fleet.nginx.step.AlreadyCurrent;
import dev.fleet.nginx.step.Checked;
import dev.fleet.nginx.step.HostSession;
import dev.fleet.nginx.step.NewBinary;
import dev.fleet.nginx.step.Preflight;
import dev.fleet.nginx.step.Preflighted;
import dev.fleet.nginx.step.RunningConfigTest;
import dev.fleet.nginx.step.Unchecked;
import dev.fleet.nginx.step.UpgradeTimeouts;
import dev.fleet.transport.CommandResult;
import dev.fleet.transport.Connection;
import dev.fleet.transport.RemoteCommand;
import dev.fleet.transport.TransportException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Looks at a host without changing anything: what {@code fleet plan}, {@code fleet check} and
 * {@code fleet status} show. The preflight verdict is the upgrade's own preflight step, so a plan
 * never disagrees with what an upgrade would do.
 */
public final class HostInspection {
  private HostInspection() {}

  /**
   * Preflight's answer for one host: would it be upgraded, skipped, or refused, and why; and what
   * the health check would ask and what that answers now ({@link HealthCheck#describe}; empty when
   * preflight stopped before asking).
   */
  public record Verdict(Kind kind, String reason, String runningVersion, String runningSha256, String health) {
    public enum Kind {
      READY,
      ALREADY_CURRENT,
      REFUSED
    }
  }

  /**
   * Where a host stands now. Digests and version are empty when they could not be read; health is
   * what the health check would ask and what that answers now (empty with no master).
   */
  public record Status(
      HostState state,
      String evidence,
      Optional<Integer> masterPid,
      int workers,
      String version,
      String runningSha256,
      String diskSha256,
      String backupSha256,
      String health) {}

  /**
   * The upgrade's preflight, then, for a host it would upgrade, what only an upgrade's stage checks
   * otherwise: the config test with the master's own arguments, by the running binary.
   */
  public static Verdict preflight(Host host, Connection connection, NewBinary newBinary)
      throws TransportException {
    HostSession session = new HostSession(host, connection, newBinary, UpgradeTimeouts.defaults());
    Checked checked;
    try {
      checked = new Preflight().apply(session, Unchecked.HOST);
    } catch (StepFailure refused) {
      Preflight.Seen seen = refused instanceof Preflight.Refused r ? r.seen() : Preflight.Seen.NOTHING;
      return verdict(host, Verdict.Kind.REFUSED, refused.getMessage(), seen);
    }
    if (checked instanceof AlreadyCurrent current) {
      return verdict(
          host,
          Verdict.Kind.ALREADY_CURRENT,
          null,
          new Preflight.Seen(Optional.empty(), Optional.of(current.runningSha256()), Optional.of(current.health())));
    }
    Preflighted ready = (Preflighted) checked;
    Preflight.Seen seen = new Preflight.Seen(ready.oldVersion(), Optional.of(ready.oldSha256()), ready.healthBefore());
    Optional<String> broken = RunningConfigTest.problem(session, ready.oldMaster());
    return broken.isPresent()
        ? verdict(host, Verdict.Kind.REFUSED, broken.get(), seen)
        : verdict(host, Verdict.Kind.READY, null, seen);
  }

  private static Verdict verdict(Host host, Verdict.Kind kind, String reason, Preflight.Seen seen) {
    String health = seen.health().map(h -> HealthCheck.describe(host.nginx(), h)).orElse("");
    return new Verdict(kind, reason, seen.version().orElse(""), seen.sha256().orElse(""), health);
  }

  /** {@code sudo -n true} where the host's privileged steps go through sudo; empty when fine. */
  public static Optional<String> privilegeProblem(Connection connection) throws TransportException {
    CommandResult sudo =
        connection.run(RemoteCommand.privileged("sudo-check", "true"), Duration.ofSeconds(15));
    return sudo.ok() ? Optional.empty() : Optional.of(Privilege.explain(sudo));
  }

  public static Status status(Host host, Connection connection)
      throws TransportException, StepFailure {
    NginxSnapshot s = new NginxProbe(LossAwareConnection.of(connection), host.nginx()).withDigests();
    HostView view = HostView.of(s, null);
    Optional<ProcessEntry> master = view.oldMaster().or(() -> s.masters().stream().findFirst());
    // The master the pid file names is the one serving; during an upgrade that is the new one.
    Optional<ProcessEntry> serving =
        s.pidFile().isPresent() ? s.process(s.pidFile().getAsInt()).filter(ProcessEntry::isMaster) : Optional.empty();
    Optional<ProcessEntry> shown = serving.or(() -> master);
    // The version and the health check's answers in one command (inspect.sh).
    List<String> args = new ArrayList<>(List.of(host.nginx().binary(), shown.map(m -> Integer.toString(m.pid())).orElse("")));
    // The health URL, when plain http, fleet asks itself meanwhile (no curl on the host for it).
    HealthAsks.Split asks =
        shown.isEmpty() ? new HealthAsks.Split(HealthCheck.targetArguments(host.nginx()), List.of())
            : HealthAsks.targets(connection, host.nginx());
    args.addAll(asks.arguments());
    HealthAsks.Asking asking = asks.start(connection);
    CommandResult facts =
        connection.run(new RemoteCommand(Scripts.inspect(), args, true, "inspect"), Duration.ofSeconds(60));
    String version = "";
    String health = "";
    if (facts.ok()) {
      version = Preflight.field(facts.stdout(), "version").replace("nginx version: ", "");
      health = shown.isEmpty() ? "" : HealthCheck.describe(host.nginx(), asking.answers(connection, facts.stdout()));
    }
    return new Status(
        view.state(),
        view.evidence(),
        shown.map(ProcessEntry::pid),
        shown.map(m -> s.activeWorkersOf(m.pid()).size()).orElse(0),
        version,
        shown.flatMap(m -> s.exeDigest(m.pid())).orElse(""),
        s.binaryDigest().orElse(""),
        s.backupDigest().orElse(""),
        health);
  }
}
