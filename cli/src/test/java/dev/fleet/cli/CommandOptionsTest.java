package dev.fleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine.Model.OptionSpec;

/** Each read-only command offers the options it uses and no other, so --help lists nothing idle. */
class CommandOptionsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "plan       | --limit --parallel --binary --binary-url --sha256 --batches --json",
        "check      | --limit --parallel --binary --binary-url --sha256 --json",
        "status     | --limit --parallel --json",
        // Every upgrade setting: it shows what `fleet upgrade` with the same flags would use.
        "inventory  | --limit --binary --binary-url --binary-url-auth-env --sha256 --batches --parallel --max-failures --canary-max-failures --pause --soak --drain-timeout --reconnect-window --rollback --hook-timeout",
        "completion | ''",
      })
  void offersExactlyTheOptionsItUses(String command, String options) {
    Set<String> expected =
        Stream.concat(Stream.of("--help", "--version"), Arrays.stream(options.split(" ")).filter(o -> !o.isEmpty()))
            .collect(Collectors.toSet());

    Set<String> offered =
        FleetCommand.commandLine().getSubcommands().get(command).getCommandSpec().options().stream()
            .map(OptionSpec::longestName)
            .collect(Collectors.toSet());

    assertEquals(expected, offered, command);
  }
}
