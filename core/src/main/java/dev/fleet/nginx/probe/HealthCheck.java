package dev.fleet.nginx.probe;

import dev.fleet.inventory.NginxSettings;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What verify asks a host over HTTP, and how it judges the new master's answers. With
 * {@code nginx.health_url} set, that URL must answer {@code health_status}, as it always did.
 * Without one, fleet asks what the old master actually serves: up to {@link #MAX_ADDRESSES} of the
 * TCP addresses it listens on (listeners.sh), over HTTP or HTTPS as each answers, and the new
 * master must answer each with the status the old one gave in preflight: a guessed URL the host
 * does not serve would fail every host, and a fixed status would fail a site whose root is a 404.
 * {@code nginx.health_check: off} asks nothing.
 */
public final class HealthCheck {
  /** Enough to cover a plain and a TLS listener on IPv4 and IPv6; each costs a request or two. */
  public static final int MAX_ADDRESSES = 4;

  private HealthCheck() {}

  /** What the health check asks; each is the word targets.sh (and soak.sh) take for it. */
  enum Mode {
    OFF("off"),
    URL("url"),
    LISTENERS("listeners");

    private final String word;

    Mode(String word) {
      this.word = word;
    }

    String word() {
      return word;
    }
  }

  /** soak.sh's own way to ask: the addresses preflight found, certificates not checked. */
  static final String INSECURE = "insecure";

  static Mode mode(NginxSettings nginx) {
    if (!nginx.healthCheck()) {
      return Mode.OFF;
    }
    return nginx.healthUrl() == null ? Mode.LISTENERS : Mode.URL;
  }

  /** targets.sh's mode and value: what preflight and status ask. */
  public static List<String> targetArguments(NginxSettings nginx) {
    return switch (mode(nginx)) {
      case OFF -> List.of(Mode.OFF.word(), "");
      case URL -> List.of(Mode.URL.word(), nginx.healthUrl());
      case LISTENERS -> List.of(Mode.LISTENERS.word(), Integer.toString(MAX_ADDRESSES));
    };
  }

  /**
   * soak.sh's two arguments of what to ask and with what: the URL, the addresses that answered in
   * preflight ({@code before}, one per line: a URL holds no line break), or, when preflight's
   * answers are not known (a resumed run), the new master's own listeners.
   */
  public static List<String> verifyArguments(NginxSettings nginx, Optional<HealthAnswers> before) {
    return switch (mode(nginx)) {
      case OFF -> List.of(Mode.OFF.word(), "");
      case URL -> List.of(Mode.URL.word(), nginx.healthUrl());
      case LISTENERS ->
          before.isEmpty()
              ? List.of(Mode.LISTENERS.word(), Integer.toString(MAX_ADDRESSES))
              : List.of(INSECURE, String.join("\n", before.get().answeredUrls()));
    };
  }

  /** Why the new master's answers ({@code now}) fail the check; empty when they pass. */
  public static Optional<String> judge(NginxSettings nginx, Optional<HealthAnswers> before, HealthAnswers now) {
    if (now.error().isPresent()) {
      return now.error();
    }
    switch (mode(nginx)) {
      case OFF:
        return Optional.empty();
      case URL:
        HealthAnswers.Answer got =
            now.of(nginx.healthUrl()).orElse(new HealthAnswers.Answer(nginx.healthUrl(), 0));
        return got.status() == nginx.healthStatus()
            ? Optional.empty()
            : Optional.of("health check " + got.url() + " " + got.said() + ", expected " + nginx.healthStatus());
      default:
        return before.isEmpty() ? withoutBaseline(now) : sameAsBefore(before.get(), now);
    }
  }

  private static Optional<String> sameAsBefore(HealthAnswers before, HealthAnswers now) {
    for (HealthAnswers.Answer old : before.answers()) {
      if (!old.answered()) {
        continue; // nothing to compare: the old master did not answer it either
      }
      HealthAnswers.Answer fresh = now.of(old.url()).orElse(new HealthAnswers.Answer(old.url(), 0));
      if (fresh.status() != old.status()) {
        return Optional.of(
            "health check " + old.url() + " " + fresh.said() + ", before the upgrade it answered " + old.status());
      }
    }
    return Optional.empty();
  }

  /** A resumed run never saw the old master's answers: it wants an HTTP answer below 500. */
  private static Optional<String> withoutBaseline(HealthAnswers now) {
    return now.answers().stream()
        .filter(a -> !a.answered() || a.status() >= 500)
        .findFirst()
        .map(a -> "health check " + a.url() + " " + a.said()
            + " (what it answered before the upgrade is not known to this resumed run, which wants a status below 500)");
  }

  /** One line for plan and status: what verify would ask and what each answers now. */
  public static String describe(NginxSettings nginx, HealthAnswers now) {
    if (mode(nginx) == Mode.OFF) {
      return "off (nginx.health_check)";
    }
    if (now.error().isPresent()) {
      return "cannot ask: " + now.error().get();
    }
    if (mode(nginx) == Mode.URL) {
      String said = now.answers().isEmpty() ? "not asked" : now.answers().get(0).said();
      return nginx.healthUrl() + " " + said + " (verify expects " + nginx.healthStatus() + ")";
    }
    if (now.answers().isEmpty()) {
      return "the master listens on no TCP address: verify asks nothing";
    }
    return now.answers().stream()
        .map(a -> a.url() + " " + (a.answered() ? a.said() : "gave no HTTP answer (not asked again)"))
        .collect(Collectors.joining(", "));
  }
}
