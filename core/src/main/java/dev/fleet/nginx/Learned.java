package dev.fleet.nginx;

import java.util.Optional;

/**
 * What one host's procedure has learned so far, as the value the last step returned (or recovery
 * read off the host). Each later value holds the earlier ones, so a step's input is always found in
 * what was learned after it: that is how its way back gets its input, in a run or in a recovery.
 */
sealed interface Learned permits Unchecked, Checked, Staged, Forked {

  /** What preflight saw, once it passed. */
  default Optional<Preflighted> preflight() {
    return Optional.empty();
  }

  /** The binary being installed sits at the binary path. */
  default Optional<Staged> stage() {
    return Optional.empty();
  }

  /** A new master runs beside the old one. */
  default Optional<Forked> fork() {
    return Optional.empty();
  }

  /**
   * What the procedure changed as far as it got, for the host's history and the after_host hook.
   * {@code target}: what the caller knows is being installed, when nothing learned says it.
   */
  default HostGuard.BinaryChange change(Optional<String> target) {
    Optional<Preflighted> pre = preflight();
    return new HostGuard.BinaryChange(
        pre.flatMap(Preflighted::oldVersion).orElse(""),
        pre.map(Preflighted::oldSha256).orElse(""),
        stage().flatMap(Staged::newVersion).orElse(""),
        pre.flatMap(Preflighted::targetSha256).or(() -> target).orElse(""));
  }
}
