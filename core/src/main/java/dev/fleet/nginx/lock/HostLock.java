package dev.fleet.nginx.lock;

import dev.fleet.inventory.Host;
import dev.fleet.nginx.probe.StepFailure;
import dev.fleet.nginx.script.BinaryPaths;
import dev.fleet.nginx.script.Privilege;
import dev.fleet.nginx.script.Scripts;
import dev.fleet.transport.CommandResult;
import dev.fleet.transport.Connection;
import dev.fleet.transport.RemoteCommand;
import dev.fleet.transport.TransportException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The lock on a host's nginx, kept on the host itself (lock.sh) so that every controller sees it:
 * a run takes it before anything changes there and releases it once the host is safe again, and
 * a run that finds another run's lock touches nothing. The run holding it may take it over (its
 * own resume, after its controller died).
 */
public final class HostLock {
  /** How long a lock or history request may take on the host. */
  static final Duration WAIT = Duration.ofSeconds(30);

  private HostLock() {}

  /** Who holds a lock: the run, the controller (user@machine), its pid, and since when. */
  public record Holder(String run, String controller, long pid, String since) {
    public String describe() {
      return "run " + run + " (" + controller + ", pid " + pid + ", since " + since + ")";
    }
  }

  /** The run asking: it holds the locks it takes, and may take over its own. */
  public record Owner(String run, String controller, long pid) {}

  /** Takes the lock; empty when taken (or taken over), else who holds it. */
  public static Optional<Holder> take(Connection connection, Host host, Owner owner)
      throws TransportException, StepFailure {
    CommandResult result =
        run(connection, host, "lock", "take", owner.run(), owner.controller(), Long.toString(owner.pid()), Instant.now().toString());
    if (result.ok()) {
      return Optional.empty();
    }
    if (result.exitStatus() == 4) {
      return Optional.of(parse(result.stdout()));
    }
    throw new StepFailure("could not take the host's lock in " + BinaryPaths.STATE_DIR + ": " + Privilege.explain(result));
  }

  /** Releases the lock if {@code run} holds it; true when it is free now. */
  public static boolean release(Connection connection, Host host, String run) throws TransportException {
    return run(connection, host, "unlock", "release", run).ok();
  }

  /** Who holds the host's lock now, if anyone. */
  public static Optional<Holder> holder(Connection connection, Host host) throws TransportException {
    CommandResult result = run(connection, host, "lock-show", "show");
    return result.ok() && result.stdout().startsWith("held") ? Optional.of(parse(result.stdout())) : Optional.empty();
  }

  private static CommandResult run(Connection connection, Host host, String label, String action, String... rest)
      throws TransportException {
    List<String> args = new java.util.ArrayList<>(List.of(action, BinaryPaths.STATE_DIR, host.nginx().binary()));
    args.addAll(List.of(rest));
    return connection.run(new RemoteCommand(Scripts.lock(), args, true, label), WAIT);
  }

  /** lock.sh's "held" answer: a line "held", then "key TAB value" lines. */
  static Holder parse(String answer) {
    String run = "", controller = "", since = "";
    long pid = -1;
    for (String line : answer.lines().toList()) {
      int tab = line.indexOf('\t');
      if (tab < 0) {
        continue;
      }
      String value = line.substring(tab + 1);
      switch (line.substring(0, tab)) {
        case "run" -> run = value;
        case "controller" -> controller = value;
        case "pid" -> pid = value.matches("\\d{1,18}") ? Long.parseLong(value) : -1;
        case "since" -> since = value;
        default -> {}
      }
    }
    return new Holder(run, controller, pid, since);
  }
}
