package dev.fleet.nginx.probe;

import dev.fleet.inventory.NginxSettings;
import dev.fleet.nginx.script.Privilege;
import dev.fleet.nginx.script.Scripts;
import dev.fleet.transport.CommandResult;
import dev.fleet.transport.Connection;
import dev.fleet.transport.RemoteCommand;
import dev.fleet.transport.TransportException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Who asks what the health check asks ({@link HealthCheck}). A plain-http URL fleet asks itself,
 * from the host, over the SSH connection ({@link Connection#startHttpAsk}): no process on the
 * host, where curl was the costliest exec of a host's upgrade, and the ask goes while the script
 * that would have asked runs. The host's curl or wget asks the rest: https, the listeners only the
 * host can find (preflight without a health URL), and everything on a connection that knows the
 * host will not let fleet ask (no TCP forwarding for this login). A refusal first met mid-step
 * costs one request of its own (ask.sh) for the URLs fleet could not ask.
 */
public final class HealthAsks {
  /** As the host's curl and wget give up (answer.sh's {@code -m 5}). */
  static final Duration WAIT = Duration.ofSeconds(5);
  /** The host's own asks, when it must make them alone: a few addresses, 5 s each at most. */
  private static final Duration ALONE_WAIT = Duration.ofSeconds(10 + 5 * HealthCheck.MAX_ADDRESSES);

  private HealthAsks() {}

  /** What a script is told to ask from the host (its two arguments) and the URLs fleet asks. */
  public record Split(List<String> arguments, List<String> fleetAsks) {
    public Split {
      arguments = List.copyOf(arguments);
      fleetAsks = List.copyOf(fleetAsks);
    }

    /** Sends fleet's asks; their answers come with {@link Asking#answers}. */
    public Asking start(Connection connection) throws TransportException {
      Map<String, Connection.HttpAsk> started = new LinkedHashMap<>();
      for (String url : fleetAsks) {
        started.put(url, connection.startHttpAsk(url, WAIT));
      }
      return new Asking(started);
    }
  }

  /** fleet's asks under way. */
  public static final class Asking {
    private final Map<String, Connection.HttpAsk> started;

    private Asking(Map<String, Connection.HttpAsk> started) {
      this.started = started;
    }

    /**
     * What fleet's asks answered with what the script's lines say the host asked; a URL fleet
     * could not ask after all, the host asks now, in one request for all of them.
     */
    public HealthAnswers answers(Connection connection, String scriptOutput)
        throws TransportException, StepFailure {
      List<HealthAnswers.Answer> asked = new ArrayList<>();
      List<String> left = new ArrayList<>();
      for (Map.Entry<String, Connection.HttpAsk> ask : started.entrySet()) {
        OptionalInt status = ask.getValue().await();
        if (status.isPresent()) {
          asked.add(new HealthAnswers.Answer(ask.getKey(), status.getAsInt()));
        } else {
          left.add(ask.getKey());
        }
      }
      HealthAnswers answers = with(asked, HealthAnswers.parse(scriptOutput));
      if (left.isEmpty() || answers.error().isPresent()) {
        return answers; // an error fails the check whatever the rest answer
      }
      return with(answers.answers(), askedByTheHost(connection, left));
    }
  }

  /**
   * For preflight and status (targets.sh's arguments): the health URL, when plain http, fleet
   * asks; the script asks whatever is left.
   */
  public static Split targets(Connection connection, NginxSettings nginx) {
    if (HealthCheck.mode(nginx) == HealthCheck.Mode.URL && connection.mayAskHttp() && plainHttp(nginx.healthUrl())) {
      return new Split(List.of(HealthCheck.Mode.OFF.word(), ""), List.of(nginx.healthUrl()));
    }
    return new Split(HealthCheck.targetArguments(nginx), List.of());
  }

  /**
   * For verify (soak.sh's arguments), decided before soak.sh starts; fleet asks when it comes to
   * soak.sh's health record: the health URL, or the plain-http addresses that answered in
   * preflight. TLS stays with the host's curl: no certificate is checked on those addresses, but
   * fleet speaks no TLS of its own.
   */
  public static Split verify(Connection connection, NginxSettings nginx, Optional<HealthAnswers> before) {
    List<String> arguments = HealthCheck.verifyArguments(nginx, before);
    if (!connection.mayAskHttp()) {
      return new Split(arguments, List.of());
    }
    String ask = arguments.get(0);
    String with = arguments.get(1);
    if (ask.equals(HealthCheck.Mode.URL.word()) && plainHttp(with)) {
      return new Split(List.of(HealthCheck.Mode.OFF.word(), ""), List.of(with));
    }
    if (ask.equals(HealthCheck.INSECURE)) {
      List<String> fleet = with.lines().filter(HealthAsks::plainHttp).toList();
      List<String> host = with.lines().filter(u -> !u.isEmpty() && !plainHttp(u)).toList();
      return new Split(List.of(HealthCheck.INSECURE, String.join("\n", host)), fleet);
    }
    return new Split(arguments, List.of());
  }

  private static HealthAnswers askedByTheHost(Connection connection, List<String> urls)
      throws TransportException, StepFailure {
    // "insecure": these are plain http, there is no certificate to check; a list of URLs needs
    // no master's pid (ask.sh's first argument, for listeners only).
    RemoteCommand ask =
        new RemoteCommand(Scripts.ask(), List.of("", HealthCheck.INSECURE, String.join("\n", urls)), true, "health-check");
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

  /** What {@link Connection#startHttpAsk} asks: http, without credentials (those go with curl's). */
  private static boolean plainHttp(String url) {
    if (!url.regionMatches(true, 0, "http://", 0, "http://".length())) {
      return false;
    }
    try {
      return new URI(url).getRawUserInfo() == null;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
