package dev.fleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * A --help footer is copied from: every line of it is printed as written (never wrapped in the
 * middle of a command or a sentence) and fits 80 columns, and every example is a whole command
 * that fleet parses.
 */
class HelpFooterTest {
  private static final int COLUMNS = 80;

  static Stream<List<String>> everyCommand() {
    return LauncherTest.everyCommand();
  }

  private static String help(List<String> path) {
    List<String> args = new ArrayList<>(path);
    args.add("--help");
    CliRun run = CliRun.of(args.toArray(String[]::new));
    assertEquals(0, run.exit(), run.err());
    return run.out();
  }

  private static CommandLine command(List<String> path) {
    CommandLine command = FleetCommand.commandLine();
    for (String name : path) {
      command = command.getSubcommands().get(name);
    }
    return command;
  }

  @ParameterizedTest
  @MethodSource("everyCommand")
  void everyFooterLineIsPrintedWholeAndFitsTheTerminal(List<String> path) {
    List<String> shown = help(path).lines().toList();
    for (String written : command(path).getCommandSpec().usageMessage().footer()) {
      for (String line : String.format(written).split("\\R", -1)) {
        assertTrue(line.length() <= COLUMNS, "longer than " + COLUMNS + " columns: " + line);
        assertTrue(shown.contains(line), "not printed as one line: [" + line + "] in\n" + String.join("\n", shown));
      }
    }
  }

  @ParameterizedTest
  @MethodSource("everyCommand")
  void everyExampleIsAWholeCommand(List<String> path) {
    List<String> lines = help(path).lines().toList();
    boolean inExamples = false;
    for (String line : lines) {
      if (line.equals("Examples:") || line.equals("Example:")) {
        inExamples = true;
      } else if (line.isBlank()) {
        inExamples = false;
      } else if (inExamples) {
        assertParses(line);
      }
    }
  }

  /** The fleet invocations of one shell line ({@code source <(fleet completion)} has one). */
  private static void assertParses(String line) {
    List<List<String>> invocations = ShellWords.commands(line).stream()
        .map(words -> words.size() > 0 && words.get(0).equals("sudo") ? words.subList(1, words.size()) : words)
        .filter(words -> words.size() > 0 && words.get(0).equals("fleet"))
        .toList();
    assertFalse(invocations.isEmpty(), "an example that runs no fleet command: " + line);
    for (List<String> words : invocations) {
      try {
        FleetCommand.commandLine().parseArgs(words.subList(1, words.size()).toArray(String[]::new));
      } catch (CommandLine.ParameterException e) {
        fail("not a whole command: [" + line + "]: " + e.getMessage());
      }
    }
  }

  @Test
  void theShellSplitterReadsExamplesAsAShellWould() {
    assertEquals(
        List.of(List.of("fleet", "upgrade", "i.yml", "--limit", "web-eu,!web-eu-3")),
        ShellWords.commands("  fleet upgrade i.yml --limit 'web-eu,!web-eu-3'"));
    assertEquals(
        List.of(List.of("source"), List.of("fleet", "completion")),
        ShellWords.commands("source <(fleet completion)"));
    assertEquals(
        List.of(List.of("fleet", "completion"), List.of("sudo", "tee", "x")),
        ShellWords.commands("fleet completion > /etc/f | sudo tee x"));
    assertEquals(List.of(List.of("a", "b c", "d")), ShellWords.commands("a \"b c\" d"));
  }

  /** What a broken example looked like: the wrapped half of a command does not pass. */
  @Test
  void aWrappedExampleIsCaught() {
    assertThrows(() -> assertParses("  fleet upgrade inventory.yml --limit 'web-eu,!web-eu-3' --binary"));
    assertThrows(() -> assertParses("builds/nginx-1.27.3"));
  }

  private static void assertThrows(Runnable check) {
    org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, check::run);
  }

  /** Just enough of sh to split an example: quotes, pipes, &&, ;, redirections, <( ). */
  static final class ShellWords {
    private ShellWords() {}

    static List<List<String>> commands(String line) {
      List<List<String>> commands = new ArrayList<>();
      List<String> words = new ArrayList<>();
      StringBuilder word = null;
      boolean skipNext = false;
      for (int i = 0; i < line.length(); i++) {
        char c = line.charAt(i);
        if (c == '\'' || c == '"') {
          int end = line.indexOf(c, i + 1);
          word = word == null ? new StringBuilder() : word;
          word.append(line, i + 1, end);
          i = end;
        } else if (Character.isWhitespace(c) || "|&;<>()".indexOf(c) >= 0) {
          if (word != null) {
            if (!skipNext) {
              words.add(word.toString());
            }
            skipNext = false;
            word = null;
          }
          if (c == '<' || c == '>') {
            // A redirection's target is no word of the command; "<(" opens a command instead.
            skipNext = !(c == '<' && i + 1 < line.length() && line.charAt(i + 1) == '(');
          }
          if ("|&;()".indexOf(c) >= 0 && !words.isEmpty()) {
            commands.add(words);
            words = new ArrayList<>();
          }
        } else {
          word = word == null ? new StringBuilder() : word;
          word.append(c);
        }
      }
      if (word != null && !skipNext) {
        words.add(word.toString());
      }
      if (!words.isEmpty()) {
        commands.add(words);
      }
      return commands.stream().map(w -> List.copyOf(w)).toList();
    }
  }
}
