package dev.fleet.transport.ssh;

import dev.fleet.transport.TransportException;
import java.time.Duration;

/** Says why a connect attempt failed, and whether trying again could help. */
final class ConnectFailure {
  private ConnectFailure() {}

  static TransportException explain(ConnectTarget target, Duration timeout, Exception e) {
    String host = target.host().name();
    String refusal = target.hostKeys().refusal();
    if (refusal != null) {
      return new TransportException(host + ": " + refusal, false, e);
    }
    String reason = rootMessage(e);
    if (reason.contains("No more authentication methods")) {
      return new TransportException(
          host
              + ": authentication rejected for "
              + target.where()
              + " ("
              + offered(target)
              + ")",
          false,
          e);
    }
    if (reason.contains("Unable to negotiate")) {
      // The server's offer will be the same next time; only a setting change can help.
      String hint =
          target.host().ssh().legacyAlgorithms()
              ? ""
              : "; if it is an old server, set ssh.legacy_algorithms: true for this host";
      return new TransportException(
          host + ": no common algorithm with " + target.where() + ": " + reason + hint, false, e);
    }
    if (reason.contains("within specified timeout")
        || reason.toLowerCase(java.util.Locale.ROOT).contains("timed out")) {
      reason = "no answer within " + timeout.toMillis() + "ms";
    }
    return new TransportException(
        host + ": cannot connect to " + target.where() + ": " + reason, true, e);
  }

  private static String offered(ConnectTarget target) {
    if (target.keys().isEmpty()) {
      return "no private key found: set identity_file, or load one into the ssh-agent";
    }
    StringBuilder keys = new StringBuilder("offered ");
    target
        .keys()
        .forEach(
            k -> keys.append(KnownHostsCheck.fingerprint(k.getPublic())).append(' '));
    return keys.toString().strip();
  }

  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    String top = e.getMessage();
    if (message == null || message.isBlank()) {
      message = top == null ? root.getClass().getSimpleName() : top;
    }
    return message;
  }
}
