package dev.fleet.nginx;

import java.time.Duration;

/**
 * How long each wait may take on a host.
 *
 * @param start new master up with its workers after USR2
 * @param drain old workers gone after WINCH (long-lived connections hold them)
 * @param quit a master gone after QUIT, before TERM and then KILL
 * @param soak how long the new workers must stay the same pids before commit
 */
public record UpgradeTimeouts(Duration start, Duration drain, Duration quit, Duration soak) {

  public static UpgradeTimeouts defaults() {
    return new UpgradeTimeouts(
        Duration.ofSeconds(15), Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ZERO);
  }
}
