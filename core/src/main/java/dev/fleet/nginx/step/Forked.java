package dev.fleet.nginx.step;

import dev.fleet.nginx.probe.ProcessEntry;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A new master runs beside the old one (USR2 was sent); from the drain on it also stands for the
 * later points, which learn nothing new.
 *
 * @param newMaster the master the new binary started
 * @param errorLogOffset the error log's size before USR2: only lines after it are this upgrade's
 *     (in a resumed run, its size when recovery looked)
 */
public record Forked(Staged staged, ProcessEntry newMaster, long errorLogOffset) implements Learned {

  public Preflighted checked() {
    return staged.checked();
  }

  public ProcessEntry oldMaster() {
    return staged.checked().oldMaster();
  }

  @Override
  public Optional<Preflighted> preflight() {
    return Optional.of(checked());
  }

  @Override
  public Optional<Staged> stage() {
    return Optional.of(staged);
  }

  @Override
  public OptionalLong errorLogMark() {
    return OptionalLong.of(errorLogOffset);
  }

  @Override
  public Optional<Forked> fork() {
    return Optional.of(this);
  }
}
