package dev.fleet.nginx.step;

import dev.fleet.nginx.probe.Alerts;
import dev.fleet.nginx.probe.Durations;
import dev.fleet.nginx.probe.HealthAnswers;
import dev.fleet.nginx.probe.HealthAsks;
import dev.fleet.nginx.probe.HealthCheck;
import dev.fleet.nginx.probe.NginxProbe;
import dev.fleet.nginx.probe.NginxSnapshot;
import dev.fleet.nginx.probe.ProbeMode;
import dev.fleet.nginx.probe.ProcessEntry;
import dev.fleet.nginx.probe.StepFailure;
import dev.fleet.nginx.script.Privilege;
import dev.fleet.nginx.script.Scripts;
import dev.fleet.transport.CommandResult;
import dev.fleet.transport.RecordStream;
import dev.fleet.transport.RemoteCommand;
import dev.fleet.transport.Shell;
import dev.fleet.transport.TransportException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The last checks while the old master can still take over: the new master runs the new binary,
 * has all its workers and keeps the same ones over the soak (no crash-respawn churn), nothing
 * alarming was logged since USR2, and the health check passes from the host ({@link HealthCheck}:
 * the health URL answers its status, or each address the old master served answers as it did).
 */
public final class VerifyNewMaster implements UpgradeStep<Forked, Forked> {
  /** How long a look may take the host, on top of the soak. */
  private static final Duration LOOK_WAIT = Duration.ofSeconds(30);
  /**
   * curl and wget give up after 5 s, and an address is asked twice at most (HTTP, then HTTPS); the
   * rest is the host being slow to start them.
   */
  private static final Duration HEALTH_WAIT = Duration.ofSeconds(10 + 2 * 5 * HealthCheck.MAX_ADDRESSES);

  @Override
  public String name() {
    return "verify";
  }

  @Override
  public Phase phase() {
    return Phase.VERIFY;
  }

  @Override
  public Forked apply(HostSession session, Forked in)
      throws TransportException, StepFailure, InterruptedException {
    Duration soak = session.timeouts().soak();
    // All of it is one command (soak.sh): a look, the health check, the soak, the second look.
    HealthAsks.Split health = HealthAsks.verify(session.connection(), session.host().nginx(), in.checked().healthBefore());
    try (RecordStream looks =
        session.connection().stream(soakCommand(session, in, soak, health), soak.plus(LOOK_WAIT).plus(HEALTH_WAIT))) {
      NginxSnapshot first = NginxSnapshot.parse(next(looks, LOOK_WAIT, "nginx state"));
      checkMaster(in, first);
      List<Integer> workers = workerPids(first, in);
      // fleet's asks go while soak.sh is asked for its health record.
      HealthAsks.Asking asking = health.start(session.connection());
      checkHealth(session, in, asking, next(looks, HEALTH_WAIT, "the health check"));
      NginxSnapshot second = NginxSnapshot.parse(next(looks, soak.plus(LOOK_WAIT), "nginx state"));
      if (!workerPids(second, in).equals(workers)) {
        throw new StepFailure(
            "the new master's workers changed from " + workers + " to " + workerPids(second, in)
                + " (crashing and respawning?)" + Alerts.suffix(second.alerts()));
      }
      if (!second.alerts().isEmpty()) {
        throw new StepFailure("nginx logged trouble since the upgrade began" + Alerts.suffix(second.alerts()));
      }
    }
    return in;
  }

  private static RemoteCommand soakCommand(HostSession session, Forked in, Duration soak, HealthAsks.Split health) {
    List<String> args =
        new ArrayList<>(
            List.of(
                Integer.toString(in.newMaster().pid()),
                Shell.seconds(soak)));
    args.addAll(health.arguments());
    args.add(Long.toString(in.errorLogOffset()));
    args.addAll(NginxProbe.place(session.host().nginx()));
    return new RemoteCommand(Scripts.soak(), args, true, "verify");
  }

  /** soak.sh's next record; {@code what} it holds, for the failure when none comes. */
  private static String next(RecordStream looks, Duration wait, String what)
      throws TransportException, StepFailure, InterruptedException {
    Optional<String> record = looks.next(wait);
    if (record.isPresent()) {
      return record.get();
    }
    Optional<CommandResult> ended = looks.result();
    throw new StepFailure(
        "could not read " + what + ": "
            + ended.map(Privilege::explain).orElse("no answer within " + Durations.show(wait)));
  }

  private static void checkMaster(Forked in, NginxSnapshot s) throws StepFailure {
    int fresh = in.newMaster().pid();
    String target = in.staged().targetSha256();
    String running = s.exeDigest(fresh).orElseThrow(
        () -> new StepFailure("the new master " + fresh + " is gone" + Alerts.suffix(s.alerts())));
    if (!running.equals(target)) {
      throw new StepFailure(
          "the new master runs sha256 " + running + ", not the new binary " + target);
    }
    if (!s.alerts().isEmpty()) {
      throw new StepFailure("nginx logged trouble since the upgrade began" + Alerts.suffix(s.alerts()));
    }
  }

  private static List<Integer> workerPids(NginxSnapshot s, Forked in) throws StepFailure {
    int expected = in.checked().expectedWorkers();
    List<Integer> pids = s.activeWorkersOf(in.newMaster().pid()).stream().map(ProcessEntry::pid).sorted().toList();
    if (pids.size() != expected) {
      throw new StepFailure(
          "the new master has " + pids.size() + " workers, expected " + expected);
    }
    return pids;
  }

  /**
   * soak.sh's second record ("health", then what each address the host asked answered) with what
   * fleet asks itself now, from the host.
   */
  private static void checkHealth(HostSession session, Forked in, HealthAsks.Asking asking, String record)
      throws StepFailure, TransportException {
    if (!record.startsWith("health")) {
      throw new StepFailure("the health check printed no record: " + record.strip());
    }
    HealthAnswers answers = asking.answers(session.connection(), record);
    Optional<String> failed = HealthCheck.judge(session.host().nginx(), in.checked().healthBefore(), answers);
    if (failed.isPresent()) {
      throw new StepFailure(failed.get());
    }
  }

  @Override
  public void undo(HostSession session, Forked in) {
    // Verification changes nothing.
  }
}
