package dev.fleet.nginx.step;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * What one host's procedure has learned so far, as the value the last step returned (or recovery
 * read off the host). Each later value holds the earlier ones, so a step's input is always found in
 * what was learned after it: that is how its way back gets its input, in a run or in a recovery.
 */
public sealed interface Learned permits Unchecked, Checked, Staged, Signalled, Forked {

  /** What preflight saw, once it passed. */
  default Optional<Preflighted> preflight() {
    return Optional.empty();
  }

  /** The binary being installed sits at the binary path. */
  default Optional<Staged> stage() {
    return Optional.empty();
  }

  /** The error log's size just before USR2, once it was sent: later lines are this upgrade's. */
  default OptionalLong errorLogMark() {
    return OptionalLong.empty();
  }

  /** A new master runs beside the old one. */
  default Optional<Forked> fork() {
    return Optional.empty();
  }
}
