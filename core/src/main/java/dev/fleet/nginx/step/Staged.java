package dev.fleet.nginx.step;

import java.util.Optional;

/**
 * The binary path holds the file being installed; the old master still runs the old one.
 *
 * @param targetSha256 the file now at the binary path
 * @param newVersion what {@code nginx -v} said of it, when known (not in a resumed run)
 */
public record Staged(Preflighted checked, String targetSha256, Optional<String> newVersion) implements Learned {

  @Override
  public Optional<Preflighted> preflight() {
    return Optional.of(checked);
  }

  @Override
  public Optional<Staged> stage() {
    return Optional.of(this);
  }
}
