package dev.fleet.nginx.probe;

import java.util.List;
import java.util.Optional;

/**
 * A host's {@link HostState} with the masters that make it so, derived from one snapshot taken
 * with digests. Pure: the same snapshot always gives the same view.
 *
 * @param oldMaster the master that runs (or ran) before the upgrade: the parent during S2-S4, the
 *     sole master otherwise; empty when none can be named
 * @param newMaster the master USR2 started (S2-S4), possibly not yet retitled; else empty
 * @param evidence what was seen, for messages: "pid file 120, .oldbin 100, ..."
 */
public record HostView(
    HostState state, Optional<ProcessEntry> oldMaster, Optional<ProcessEntry> newMaster, String evidence) {

  /**
   * @param s a snapshot taken with digests
   * @param targetSha256 the binary being installed: running it with nothing left half-way is
   *     COMMITTED rather than RUNNING
   */
  public static HostView of(NginxSnapshot s, String targetSha256) {
    List<ProcessEntry> masters = s.masters();
    String seen = evidence(s);
    if (masters.isEmpty()) {
      return s.untitled().isEmpty()
          ? new HostView(HostState.NOT_RUNNING, Optional.empty(), Optional.empty(), seen)
          : new HostView(HostState.NO_MASTER_PROCESS, Optional.empty(), Optional.empty(), seen);
    }
    if (masters.size() == 1) {
      return oneMaster(s, masters.get(0), targetSha256, seen);
    }
    if (masters.size() == 2) {
      ProcessEntry a = masters.get(0);
      ProcessEntry b = masters.get(1);
      ProcessEntry parent = b.ppid() == a.pid() ? a : a.ppid() == b.pid() ? b : null;
      if (parent != null) {
        return forked(s, parent, parent == a ? b : a, seen);
      }
    }
    return new HostView(HostState.UNRELATED_MASTERS, Optional.empty(), Optional.empty(), seen);
  }

  private static HostView oneMaster(NginxSnapshot s, ProcessEntry m, String target, String seen) {
    Optional<ProcessEntry> child = s.childMasterOf(m.pid());
    if (child.isPresent()) {
      // Not yet retitled "master process": exec'd but before its main loop, or hung there.
      return new HostView(HostState.FORKING, Optional.of(m), child, seen);
    }
    if (s.oldbinFile().isPresent()) {
      boolean justSignalled = s.oldbinFile().getAsInt() == m.pid() && s.pidFile().orElse(-1) != m.pid();
      return new HostView(
          justSignalled ? HostState.FORKING : HostState.STALE_OLDBIN, Optional.of(m), Optional.empty(), seen);
    }
    if (s.pidFile().orElse(-1) != m.pid()) {
      return new HostView(HostState.PID_FILE_MISMATCH, Optional.of(m), Optional.empty(), seen);
    }
    Optional<String> running = s.exeDigest(m.pid());
    if (running.isEmpty() || s.binaryDigest().isEmpty()) {
      return new HostView(HostState.UNKNOWN, Optional.of(m), Optional.empty(), seen);
    }
    HostState state;
    if (running.equals(s.binaryDigest())) {
      state = running.get().equals(target) ? HostState.COMMITTED : HostState.RUNNING;
    } else {
      state = running.equals(s.backupDigest()) ? HostState.STAGED : HostState.DISK_MISMATCH;
    }
    return new HostView(state, Optional.of(m), Optional.empty(), seen);
  }

  private static HostView forked(NginxSnapshot s, ProcessEntry old, ProcessEntry fresh, String seen) {
    boolean handedOver =
        s.pidFile().orElse(-1) == fresh.pid() && s.oldbinFile().orElse(-1) == old.pid();
    HostState state =
        !handedOver
            ? HostState.FORKING
            : s.activeWorkersOf(old.pid()).isEmpty() ? HostState.DRAINING : HostState.BOTH_UP;
    return new HostView(state, Optional.of(old), Optional.of(fresh), seen);
  }

  private static String evidence(NginxSnapshot s) {
    StringBuilder text = new StringBuilder();
    text.append("pid file ").append(s.pidFile().isPresent() ? s.pidFile().getAsInt() : "empty");
    text.append(", .oldbin ").append(s.oldbinFile().isPresent() ? s.oldbinFile().getAsInt() : "none");
    text.append(", masters ").append(s.masters().stream().map(m -> m.pid() + "(ppid " + m.ppid() + ")").toList());
    return text.toString();
  }
}
