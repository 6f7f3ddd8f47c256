package dev.fleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Main builds only the subcommand a command line names (picocli reflects over every option of
 * every command it is given), and all of them whenever something may print or complete the others.
 */
class CommandLineForTest {
  private static final Set<String> ALL = FleetCommand.commandLine().getSubcommands().keySet();

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "upgrade inventory.yml --yes | upgrade",
        "status inventory.yml        | status",
        "sandbox up --hosts 3        | sandbox",
        "upgrade --help              | upgrade",
      })
  void aNamedSubcommandIsTheOnlyOneBuilt(String args, String built) {
    assertEquals(Set.of(built), FleetCommand.commandLineFor(args.split(" ")).getSubcommands().keySet());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"--help", "--version", "upgarde inventory.yml", "help upgrade", "completion", "''"})
  void anythingElseGetsEverySubcommand(String args) {
    String[] words = args.isEmpty() ? new String[0] : args.split(" ");
    assertEquals(ALL, FleetCommand.commandLineFor(words).getSubcommands().keySet());
  }

  /** The lazily built subcommand is the same command: its options and help do not depend on its siblings. */
  @ParameterizedTest
  @CsvSource({"upgrade", "resume", "rollback", "check"})
  void theSubcommandAloneHasTheSameOptionsAsAmongAll(String name) {
    assertEquals(
        options(FleetCommand.commandLine().getSubcommands().get(name)),
        options(FleetCommand.commandLineFor(new String[] {name}).getSubcommands().get(name)));
  }

  private static List<String> options(picocli.CommandLine command) {
    return command.getCommandSpec().options().stream().map(o -> o.longestName() + " " + o.description().length).toList();
  }
}
