package dev.fleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The script `fleet completion` prints, loaded into a real bash and asked as Tab would ask it. */
class CompletionCommandTest {
  @TempDir static Path dir;
  private static Path script;

  @BeforeAll
  static void printTheScript() throws Exception {
    CliRun run = CliRun.of("completion");
    assertEquals(0, run.exit(), run.err());
    script = Files.writeString(dir.resolve("fleet.bash"), run.out());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "fleet st                  | status",
        "fleet sandbox ''          | up down demo",
        "fleet plan inv.yml --ba   | --batches",
        "fleet status inv.yml --j  | --json",
        "fleet status inv.yml --b  | ''",
        "fleet upgrade inv.yml --dr| --drain-timeout",
      })
  void completesCommandsAndTheirOwnOptions(String line, String expected) throws Exception {
    assertEquals(expected, complete(line));
  }

  /** What bash offers for the last word of {@code line}, the way readline calls the function. */
  private static String complete(String line) throws Exception {
    List<String> words = new ArrayList<>(List.of(line.strip().split(" +")));
    if (words.get(words.size() - 1).equals("''")) {
      words.set(words.size() - 1, "");
    }
    StringBuilder array = new StringBuilder();
    for (String w : words) {
      array.append(" '").append(w).append('\'');
    }
    String program =
        "source \"$1\" 2>/dev/null\n"
            + "f=$(complete -p fleet | sed -n 's/.* -F \\([^ ]*\\) .*/\\1/p')\n"
            + "COMP_WORDS=(" + array + ")\n"
            + "COMP_CWORD=$((${#COMP_WORDS[@]} - 1))\n"
            + "COMP_LINE=\"${COMP_WORDS[*]}\"\n"
            + "COMP_POINT=${#COMP_LINE}\n"
            + "\"$f\" 2>/dev/null\n"
            + "echo \"${COMPREPLY[*]}\"\n";
    Process bash =
        new ProcessBuilder("bash", "-c", program, "bash", script.toString()).redirectErrorStream(true).start();
    bash.getOutputStream().close();
    String out = new String(bash.getInputStream().readAllBytes()).strip();
    assertTrue(bash.waitFor(60, TimeUnit.SECONDS), "bash did not end");
    assertEquals(0, bash.exitValue(), out);
    return out;
  }
}
