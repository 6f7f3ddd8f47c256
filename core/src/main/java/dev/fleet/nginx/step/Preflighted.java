package dev.fleet.nginx.step;

import dev.fleet.nginx.probe.HealthAnswers;
import dev.fleet.nginx.probe.ProcessEntry;
import java.util.Optional;

/**
 * What preflight saw on a host it may change, or what recovery reads there in its place.
 *
 * @param oldMaster the master running before the upgrade
 * @param oldSha256 what it runs: what the binary path must hold again after a way back
 * @param targetSha256 what the host must end up running: the new binary's, or the backup's for a
 *     rollback; empty only in a recovery that found no new master and was told no target
 * @param expectedWorkers the old master's workers: the new one must reach the same count
 * @param oldVersion what {@code nginx -v} said of the running binary, when it said something
 * @param hostArch the host's {@code uname -m}: a downloaded binary must be built for it
 * @param healthBefore what the health check's addresses answered; empty in a resumed run
 */
public record Preflighted(
    ProcessEntry oldMaster,
    String oldSha256,
    Optional<String> targetSha256,
    int expectedWorkers,
    Optional<String> oldVersion,
    Optional<String> hostArch,
    Optional<HealthAnswers> healthBefore)
    implements Checked {

  @Override
  public Optional<Preflighted> preflight() {
    return Optional.of(this);
  }
}
