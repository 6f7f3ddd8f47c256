package dev.fleet.nginx.step;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * USR2 is on its way and no new master is named yet: what start-new-master had learned when its
 * connection was cut off, so that recovery still reads only the error log lines written since
 * the signal, as the step would have.
 *
 * @param errorLogOffset the error log's size just before USR2
 */
public record Signalled(Staged staged, long errorLogOffset) implements Learned {

  @Override
  public Optional<Preflighted> preflight() {
    return Optional.of(staged.checked());
  }

  @Override
  public Optional<Staged> stage() {
    return Optional.of(staged);
  }

  @Override
  public OptionalLong errorLogMark() {
    return OptionalLong.of(errorLogOffset);
  }
}
