package dev.fleet.inventory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A temp directory with a home (key, known_hosts), a binary, and an inventory to write. */
final class InventoryFixture {
  final Path home;
  final Path directory;
  final LocalEnvironment environment;
  /** The environment variables the loader sees: none of the machine's, unless a test sets some. */
  private java.util.Map<String, String> variables = java.util.Map.of();
  private final String fileName;

  InventoryFixture(Path temp) {
    this(temp, "inventory.yml");
  }

  /** Writes the inventory as {@code fileName}: inventory.ini for an INI one reads better. */
  InventoryFixture(Path temp, String fileName) {
    this.fileName = fileName;
    try {
      home = Files.createDirectories(temp.resolve("home"));
      Files.createDirectories(home.resolve(".ssh"));
      Files.writeString(home.resolve(".ssh/id_ed25519"), "not a real key\n");
      Files.writeString(home.resolve(".ssh/known_hosts"), "");
      directory = Files.createDirectories(temp.resolve("ops"));
      Files.createDirectories(directory.resolve("builds"));
      Files.writeString(directory.resolve("builds/nginx-1.27.3"), "placeholder binary\n");
      environment = new LocalEnvironment(home, "deploy", directory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The loader sees {@code values} as its environment variables. */
  InventoryFixture withVariables(java.util.Map<String, String> values) {
    variables = values;
    return this;
  }

  private InventoryLoader loader() {
    return new InventoryLoader(
        new LocalEnvironment(environment.home(), environment.user(), environment.workingDirectory(), variables::get));
  }

  Path write(String yaml) {
    try {
      return Files.writeString(directory.resolve(fileName), yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Inventory load(String yaml) throws InventoryException {
    return loader().load(write(yaml));
  }

  Inventory load(String yaml, UpgradeOverrides overrides) throws InventoryException {
    return loader().load(write(yaml), overrides);
  }

  /** The error lines as the user sees them, the file named without its directory. */
  String errors(String yaml) {
    return errors(yaml, UpgradeOverrides.none());
  }

  String errors(String yaml, UpgradeOverrides overrides) {
    try {
      load(yaml, overrides);
      return "(no errors)";
    } catch (InventoryException e) {
      return e.getMessage().replace(directory.resolve(fileName).toString(), fileName);
    }
  }
}
