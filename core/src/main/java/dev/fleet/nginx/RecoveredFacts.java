package dev.fleet.nginx;

import dev.fleet.nginx.probe.HostState;
import dev.fleet.nginx.probe.HostView;
import dev.fleet.nginx.probe.NginxSnapshot;
import dev.fleet.nginx.probe.ProcessEntry;
import dev.fleet.nginx.probe.StepFailure;
import dev.fleet.nginx.step.Forked;
import dev.fleet.nginx.step.Learned;
import dev.fleet.nginx.step.Preflighted;
import dev.fleet.nginx.step.Staged;
import java.util.Optional;

/**
 * What the host shows, as the value the procedure would have learned by the phase it reached:
 * {@link Preflighted} for a host with one master, {@link Staged} when the binary path holds
 * another file, {@link Forked} once a new master runs. The masters always come from the host;
 * what only the interrupted run could know (preflight's health answers, versions, where this
 * upgrade's error log lines begin) is kept from it when it had learned it.
 */
final class RecoveredFacts {
  private RecoveredFacts() {}

  /**
   * @param view a known state, from {@code s}
   * @param known what the interrupted run had learned ({@link Unchecked} for a resumed run)
   * @param target the sha256 being installed, when known
   */
  static Learned of(HostView view, NginxSnapshot s, Learned known, Optional<String> target) throws StepFailure {
    ProcessEntry old = view.oldMaster().orElseThrow();
    Optional<ProcessEntry> fresh = view.newMaster();
    Optional<Preflighted> ran = known.preflight();
    String oldSha256 =
        ran.map(Preflighted::oldSha256)
            .or(() -> view.state() == HostState.STAGED ? s.backupDigest() : s.exeDigest(old.pid()))
            .orElseThrow(() -> new StepFailure("could not read the sha256 of what the old master " + old.pid() + " runs"));
    // Stage renames the binary being installed into place before USR2: the file on disk is it.
    Optional<String> targetSha256 =
        ran.flatMap(Preflighted::targetSha256).or(() -> target).or(() -> fresh.isPresent() ? s.binaryDigest() : Optional.empty());
    int workers =
        ran.map(Preflighted::expectedWorkers)
            .orElseGet(() -> Math.max(1, Math.max(
                s.activeWorkersOf(old.pid()).size(), fresh.map(m -> s.activeWorkersOf(m.pid()).size()).orElse(0))));
    Preflighted pre =
        new Preflighted(
            old,
            oldSha256,
            targetSha256,
            workers,
            ran.flatMap(Preflighted::oldVersion),
            ran.flatMap(Preflighted::hostArch),
            ran.flatMap(Preflighted::healthBefore));
    return switch (view.state()) {
      case RUNNING, COMMITTED -> pre;
      case STAGED, FORKING, BOTH_UP, DRAINING -> {
        Staged staged = new Staged(pre, staged(pre, s), known.stage().flatMap(Staged::newVersion));
        long offset = known.errorLogMark().orElse(Math.max(0, s.errorLogSize()));
        // A host still forking with no child to name has no new master to stop: as staged.
        yield fresh.<Learned>map(m -> new Forked(staged, m, offset)).orElse(staged);
      }
      default -> throw new IllegalArgumentException(view.state() + " is not a state an upgrade passes through");
    };
  }

  private static String staged(Preflighted pre, NginxSnapshot s) throws StepFailure {
    return pre.targetSha256()
        .or(s::binaryDigest)
        .orElseThrow(() -> new StepFailure("could not read the sha256 of the binary file"));
  }
}
