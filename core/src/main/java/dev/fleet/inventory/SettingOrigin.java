package dev.fleet.inventory;

import java.nio.file.Path;

/**
 * Where an effective setting came from: a place in the inventory ({@code groups.web-eu.vars} at
 * line 12), a command-line flag, or fleet's built-in default. {@code file} is null outside files.
 */
public record SettingOrigin(String source, Path file, int line) {

  static SettingOrigin builtIn() {
    return new SettingOrigin("built-in default", null, 0);
  }

  static SettingOrigin flag(String flag) {
    return new SettingOrigin(flag + " flag", null, 0);
  }

  /** {@code groups.web-eu.vars, inventory.yml:12} or {@code built-in default}. */
  @Override
  public String toString() {
    return file == null ? source : source + ", " + file.getFileName() + ":" + line;
  }
}
