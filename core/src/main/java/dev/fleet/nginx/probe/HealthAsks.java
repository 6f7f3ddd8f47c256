package dev.fleet.nginx.probe;

import dev.fleet.inventory.NginxSettings;
import dev.fleet.nginx.script.Privilege;
import dev.fleet.nginx.script.Scripts;
import dev.fleet.transport.CommandResult;
import dev.fleet.transport.Connection;
import dev.fleet.transport.RemoteCommand;
import dev.fleet.transport.TransportException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Who asks what the health check asks ({@link HealthCheck}). A plain-http URL fleet asks itself,
 * from the host, over the SSH connection ({@link Connection#askHttp}): no process on the host,
 * where curl was the costliest exec of a host's upgrade. The host's curl or wget asks the rest:
 * https, the listeners only the host can find (preflight without a health URL), and any URL on a
 * host that will not let fleet ask (no TCP forwarding for this login), which then costs a
 * request of its own at verify (ask.sh) and nothing more at preflight, which asks first.
 */
public final class HealthAsks {
  /** As the host's curl and wget give up (answer.sh's {@code -m 5}). */
  static final Duration WAIT = Duration.ofSeconds(5);
  /** The host's own asks, when it must make them alone: a few addresses, 5 s each at most. */
  private static final Duration ALONE_WAIT = Duration.ofSeconds(10 + 5 * HealthCheck.MAX_ADDRESSES);

  private HealthAsks() {}

  /** targets.sh's mode and value, once fleet has asked what it could, and what that answered. */
  public record Targets(List<String> arguments, List<HealthAnswers.Answer> asked) {
    public Targets {
      arguments = List.copyOf(arguments);
      asked = List.copyOf(asked);
    }

    /** What fleet asked with what the script's lines say the host asked. */
    public HealthAnswers answers(String scriptOutput) {
      return with(asked, HealthAnswers.parse(scriptOutput));
    }
  }

  /**
   * For preflight and status, before their script runs: the health URL, when plain http, asked
   * now; the script (targets.sh) is told to ask whatever is left.
   */
  public static Targets targets(Connection connection, NginxSettings nginx) throws TransportException {
    if (HealthCheck.mode(nginx) == HealthCheck.Mode.URL && connection.mayAskHttp()) {
      OptionalInt status = connection.askHttp(nginx.healthUrl(), WAIT);
      if (status.isPresent()) {
        return new Targets(
            List.of(HealthCheck.Mode.OFF.word(), ""),
            List.of(new HealthAnswers.Answer(nginx.healthUrl(), status.getAsInt())));
      }
    }
    return new Targets(HealthCheck.targetArguments(nginx), List.of());
  }

  /**
   * Verify's split, decided before soak.sh starts: what soak.sh asks from the host ({@code
   * arguments}, its two) and the plain-http URLs fleet asks when soak.sh's health record comes.
   */
  public record Verify(List<String> arguments, List<String> fleetAsks) {
    public Verify {
      arguments = List.copyOf(arguments);
      fleetAsks = List.copyOf(fleetAsks);
    }

    /**
     * The health record's answers with fleet's own, asked now from the host; a URL the host will
     * not let fleet ask, the host asks, in one request for all of them.
     */
    public HealthAnswers answers(Connection connection, int masterPid, String record)
        throws TransportException, StepFailure {
      List<HealthAnswers.Answer> asked = new ArrayList<>();
      List<String> left = new ArrayList<>();
      for (String url : fleetAsks) {
        OptionalInt status = connection.askHttp(url, WAIT);
        if (status.isPresent()) {
          asked.add(new HealthAnswers.Answer(url, status.getAsInt()));
        } else {
          left.add(url);
        }
      }
      HealthAnswers answers = with(asked, HealthAnswers.parse(record));
      if (left.isEmpty() || answers.error().isPresent()) {
        return answers; // an error fails the check whatever the rest answer
      }
      return with(answers.answers(), askedByTheHost(connection, masterPid, left));
    }
  }

  /**
   * What soak.sh asks and what fleet asks: the host asks it all where {@code connection} knows the
   * host will not let fleet ask (it refused in preflight).
   */
  public static Verify verify(Connection connection, NginxSettings nginx, Optional<HealthAnswers> before) {
    List<String> arguments = HealthCheck.verifyArguments(nginx, before);
    if (!connection.mayAskHttp()) {
      return new Verify(arguments, List.of());
    }
    String ask = arguments.get(0);
    String with = arguments.get(1);
    if (ask.equals(HealthCheck.Mode.URL.word()) && plainHttp(with)) {
      return new Verify(List.of(HealthCheck.Mode.OFF.word(), ""), List.of(with));
    }
    if (ask.equals(HealthCheck.INSECURE)) {
      // TLS stays with the host's curl: no certificate is checked on these, but fleet speaks
      // no TLS of its own.
      List<String> fleet = with.lines().filter(HealthAsks::plainHttp).toList();
      List<String> host = with.lines().filter(u -> !u.isEmpty() && !plainHttp(u)).toList();
      return new Verify(List.of(HealthCheck.INSECURE, String.join("\n", host)), fleet);
    }
    return new Verify(arguments, List.of());
  }

  private static HealthAnswers askedByTheHost(Connection connection, int masterPid, List<String> urls)
      throws TransportException, StepFailure {
    // "insecure": these are plain http, there is no certificate to check.
    RemoteCommand ask =
        new RemoteCommand(
            Scripts.ask(),
            List.of(Integer.toString(masterPid), HealthCheck.INSECURE, String.join("\n", urls)),
            true,
            "health-check");
    CommandResult result = connection.run(ask, ALONE_WAIT);
    if (!result.ok()) {
      throw new StepFailure("could not run the health check on the host: " + Privilege.explain(result));
    }
    return HealthAnswers.parse(result.stdout());
  }

  private static HealthAnswers with(List<HealthAnswers.Answer> first, HealthAnswers then) {
    List<HealthAnswers.Answer> all = new ArrayList<>(first);
    all.addAll(then.answers());
    return new HealthAnswers(all, then.error());
  }

  private static boolean plainHttp(String url) {
    return url.regionMatches(true, 0, "http://", 0, "http://".length());
  }
}
