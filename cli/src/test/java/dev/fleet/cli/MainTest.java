package dev.fleet.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.transport.ssh.SshConnector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Main starts SSH's set-up early for the commands that connect, by their names. */
class MainTest {
  @Test
  void theCommandsThatGetTheSshPreloadExist() {
    assertTrue(
        FleetCommand.commandLine().getSubcommands().keySet().containsAll(Main.CONNECTING),
        "a renamed command would silently lose its preload: " + Main.CONNECTING);
  }

  /** Every command whose class opens an SshConnector is in the list. */
  @Test
  void everyCommandThatConnectsIsListed() throws Exception {
    Path sources = Path.of("src/main/java/dev/fleet/cli");
    Pattern name = Pattern.compile("name = \"([a-z]+)\"");
    try (var files = Files.list(sources)) {
      for (Path file : files.toList()) {
        String text = Files.readString(file);
        if (text.contains("new " + SshConnector.class.getSimpleName() + "(")) {
          var m = name.matcher(text);
          assertTrue(m.find(), file + " has no command name");
          assertTrue(Main.CONNECTING.contains(m.group(1)), m.group(1) + " connects but gets no preload");
        }
      }
    }
  }
}
