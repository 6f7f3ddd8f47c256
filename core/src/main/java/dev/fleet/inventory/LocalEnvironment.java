package dev.fleet.inventory;

import java.nio.file.Path;

/**
 * What the loader needs from the machine fleet runs on: the home directory for {@code ~}, the
 * local user name (the default SSH user) and the directory command-line paths are relative to.
 * Tests pass their own so results do not depend on who runs them.
 */
public record LocalEnvironment(Path home, String user, Path workingDirectory) {

  public static LocalEnvironment current() {
    return new LocalEnvironment(
        Path.of(System.getProperty("user.home")),
        System.getProperty("user.name"),
        Path.of("").toAbsolutePath());
  }
}
