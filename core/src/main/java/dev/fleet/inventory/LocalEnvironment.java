package dev.fleet.inventory;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * What the loader needs from the machine fleet runs on: the home directory for {@code ~}, the
 * local user name (the default SSH user), the directory command-line paths are relative to, and
 * the environment variables ({@code upgrade.binary_url_auth_env}). Tests pass their own so results
 * do not depend on who runs them.
 */
public record LocalEnvironment(
    Path home, String user, Path workingDirectory, Function<String, String> variables) {

  public LocalEnvironment(Path home, String user, Path workingDirectory) {
    this(home, user, workingDirectory, System::getenv);
  }

  public static LocalEnvironment current() {
    return new LocalEnvironment(
        Path.of(System.getProperty("user.home")),
        System.getProperty("user.name"),
        Path.of("").toAbsolutePath());
  }
}
