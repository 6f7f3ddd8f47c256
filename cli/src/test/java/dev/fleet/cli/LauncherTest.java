package dev.fleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.inventory.HostSelector;
import dev.fleet.inventory.Inventory;
import dev.fleet.inventory.InventoryLoader;
import dev.fleet.inventory.LocalEnvironment;
import dev.fleet.inventory.ResolvedInventoryView;
import dev.fleet.inventory.UpgradeOverrides;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * What a user sees: every command run through the launcher's entry point in a JVM of its own
 * ({@link Launched}), its output compared whole with what the command produced. In-process runs
 * read a StringWriter, which never loses what a command forgot to flush; the real stdout did.
 */
class LauncherTest {
  private static final Path EXAMPLE = Path.of("..", "inventory-examples", "minimal.yml").toAbsolutePath();

  @TempDir static Path home;

  @BeforeAll
  static void aHomeWithSshFiles() throws Exception {
    // The examples name ~/.ssh files; no real key belongs in a test.
    Files.createDirectories(home.resolve(".ssh"));
    Files.writeString(home.resolve(".ssh/id_ed25519"), "not a real key\n");
    Files.writeString(home.resolve(".ssh/known_hosts"), "");
  }

  /** Every command and subcommand by its path: [], [upgrade], ..., [sandbox, up], [help]. */
  static Stream<List<String>> everyCommand() {
    List<List<String>> paths = new ArrayList<>();
    collect(FleetCommand.commandLine(), new ArrayList<>(), paths);
    return paths.stream();
  }

  private static void collect(CommandLine command, List<String> path, List<List<String>> paths) {
    paths.add(List.copyOf(path));
    command.getSubcommands().forEach((name, sub) -> {
      List<String> deeper = new ArrayList<>(path);
      deeper.add(name);
      collect(sub, deeper, paths);
    });
  }

  @ParameterizedTest
  @MethodSource("everyCommand")
  void everyCommandsHelpArrivesWhole(List<String> path) throws Exception {
    List<String> args = new ArrayList<>(path);
    args.add("--help");
    CliRun expected = CliRun.of(args.toArray(String[]::new));

    Launched launched = Launched.run(null, args);

    assertEquals(0, launched.exit(), launched.err());
    assertTrue(expected.out().contains("Usage: fleet"), expected.out());
    assertEquals(expected.out(), launched.out());
    assertEquals("", launched.err());
  }

  @Test
  void inventoryPrintsEveryHostOfAnExample() throws Exception {
    assertInventoryListedWhole(EXAMPLE, null);
  }

  @Test
  void inventoryWithLimitPrintsTheSelectedHosts() throws Exception {
    assertInventoryListedWhole(EXAMPLE, "web-3");
  }

  /** Past the writer's buffer (8 KiB): the 20-host listing used to stop after 12 hosts. */
  @Test
  void inventoryOfTwentyHostsPrintsAllTwenty(@TempDir Path dir) throws Exception {
    StringBuilder yaml = new StringBuilder("upgrade: { binary: nginx-new }\ngroups:\n  web:\n    hosts:\n");
    for (int i = 1; i <= 20; i++) {
      yaml.append("      web").append(i).append(": { address: 192.0.2.").append(i).append(" }\n");
    }
    Files.writeString(dir.resolve("nginx-new"), "placeholder\n");
    Path inventory = Files.writeString(dir.resolve("hosts.yml"), yaml);

    String out = assertInventoryListedWhole(inventory, null);

    assertTrue(out.length() > 8192, "the listing outgrows the writer's buffer: " + out.length());
    for (int i = 1; i <= 20; i++) {
      assertTrue(out.contains("\nweb" + i + "  (groups: web)\n") || out.startsWith("web" + i + "  "), "web" + i + ":\n" + out);
    }
  }

  private static String assertInventoryListedWhole(Path inventory, String limit) throws Exception {
    Inventory loaded =
        new InventoryLoader(new LocalEnvironment(home, System.getProperty("user.name"), Path.of("").toAbsolutePath()))
            .loadForInspection(inventory, UpgradeOverrides.none());
    String expected = ResolvedInventoryView.render(loaded, HostSelector.select(loaded, limit));
    List<String> args = new ArrayList<>(List.of("inventory", inventory.toString()));
    if (limit != null) {
      args.addAll(List.of("--limit", limit));
    }

    Launched launched = Launched.run(home, args);

    assertEquals(0, launched.exit(), launched.err());
    assertEquals(expected, launched.out());
    assertTrue(expected.endsWith("\n") && expected.contains("upgrade\n"), expected);
    return launched.out();
  }

  @Test
  void completionPrintsTheWholeScript() throws Exception {
    CliRun expected = CliRun.of("completion");

    Launched launched = Launched.run(null, List.of("completion"));

    assertEquals(0, launched.exit(), launched.err());
    assertEquals(expected.out(), launched.out());
    assertTrue(launched.out().contains("complete -F"), launched.out());
  }

  /** Errors go to stderr, and arrive too. */
  @Test
  void anInventoryErrorArrivesOnStderr(@TempDir Path dir) throws Exception {
    Path inventory = Files.writeString(dir.resolve("bad.yml"), "groups:\n  web:\n    hosts:\n      web1: { ssh: { port: x } }\n");
    CliRun expected = CliRun.of("inventory", inventory.toString());

    Launched launched = Launched.run(null, List.of("inventory", inventory.toString()));

    assertEquals(ExitCode.USAGE, launched.exit());
    assertFalse(expected.err().isEmpty());
    assertEquals(expected.err(), launched.err());
    assertEquals("", launched.out());
  }
}
