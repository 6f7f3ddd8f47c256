package dev.fleet.inventory;

import java.nio.file.Files;
import java.nio.file.Path;

/** Turns local paths as written into real ones: {@code ~} is the home, relative is relative to a base. */
final class PathResolver {
  private final Path home;
  private final Path base;

  PathResolver(Path home, Path base) {
    this.home = home;
    this.base = base;
  }

  Path resolve(String text) {
    if (text.equals("~")) {
      return home;
    }
    if (text.startsWith("~/")) {
      return home.resolve(text.substring(2)).normalize();
    }
    return base.resolve(text).normalize();
  }

  /** A path that must name a readable regular file, such as a key or the new binary. */
  Path readableFile(String text) {
    Path path = resolve(text);
    if (!Files.exists(path)) {
      throw new IllegalArgumentException(path + " does not exist");
    }
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException(path + " is not a regular file");
    }
    if (!Files.isReadable(path)) {
      throw new IllegalArgumentException(path + " is not readable");
    }
    return path;
  }
}
