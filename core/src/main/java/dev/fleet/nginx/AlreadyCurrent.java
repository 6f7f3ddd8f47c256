package dev.fleet.nginx;

import java.util.Optional;

/**
 * Preflight found the target already running: the procedure ends here, nothing changed.
 *
 * @param runningSha256 what the master runs, which is the target
 * @param health what the health check's addresses answered, for {@code fleet plan}
 */
record AlreadyCurrent(String runningSha256, HealthAnswers health) implements Checked {

  @Override
  public HostGuard.BinaryChange change(Optional<String> target) {
    return new HostGuard.BinaryChange("", runningSha256, "", runningSha256);
  }
}
