package dev.fleet.nginx.step;

import java.time.Duration;

/**
 * How long each wait may take on a host.
 *
 * @param start new master up with its workers after USR2
 * @param drain old workers gone after WINCH (long-lived connections hold them)
 * @param quit a master gone after QUIT, before TERM and then KILL
 * @param soak how long the new workers must stay the same pids before commit
 * @param reconnect how long a host whose connection broke half-way is tried again
 *     ({@code upgrade.reconnect_window}): two minutes unless set, since giving up early leaves two
 *     masters behind until a resume comes
 */
public record UpgradeTimeouts(Duration start, Duration drain, Duration quit, Duration soak, Duration reconnect) {

  public static final Duration RECONNECT_WINDOW = Duration.ofMinutes(2);

  public UpgradeTimeouts(Duration start, Duration drain, Duration quit, Duration soak) {
    this(start, drain, quit, soak, RECONNECT_WINDOW);
  }

  public static UpgradeTimeouts defaults() {
    return new UpgradeTimeouts(
        Duration.ofSeconds(15), Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ZERO);
  }

  public UpgradeTimeouts withReconnect(Duration window) {
    return new UpgradeTimeouts(start, drain, quit, soak, window);
  }
}
