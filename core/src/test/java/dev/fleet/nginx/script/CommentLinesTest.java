package dev.fleet.nginx.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CommentLinesTest {
  /** Each case: the script, then what is sent; "|" stands for a newline. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '~',
      value = {
        "# a comment|a=1|  # indented|b=2|~a=1|b=2|",
        "a=1 # a trailing comment stays|~a=1 # a trailing comment stays|",
        "awk '|# awk keeps its own comment|{print}'|~awk '|# awk keeps its own comment|{print}'|",
        "x=\"two|# lines of one string\"|~x=\"two|# lines of one string\"|",
        "x=\"it's\"|# gone|~x=\"it's\"|",
        "x='say \"hi'|# gone|~x='say \"hi'|",
        "y=\"$(echo \"a\")\"|# gone|~y=\"$(echo \"a\")\"|",
        "cat <<EOF|# data|EOF|# gone|~cat <<EOF|# data|EOF|",
        "cat <<'EOF'|# data|EOF|# gone|~cat <<'EOF'|# data|EOF|",
        "cat <<-EOF|\t# data|\tEOF|# gone|~cat <<-EOF|\t# data|\tEOF|",
        "echo a \\|# joined to the line before|echo b|~echo a \\|# joined to the line before|echo b|",
        "echo 'a \\'|# gone|~echo 'a \\'|",
        "echo \\# not a comment|# gone|~echo \\# not a comment|",
        "n=${#x}|# gone|~n=${#x}|",
        "# # only|a|~a|",
        "no newline at the end~no newline at the end",
      })
  void takesOutOnlyWhatShReadsAsCommentLines(String script, String sent) {
    assertEquals(lines(sent), CommentLines.strip(lines(script)));
  }

  /**
   * Every script fleet ships still parses once its comments are gone (sh -n), and lost only
   * comment lines: the scripts' own tests run the stripped texts.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "answer.sh", "ask.sh", "config-test.sh", "conftest.sh", "elfcheck.sh", "fetch.sh", "flat.sh",
        "history.sh", "inspect.sh", "leave.sh", "listeners.sh", "lock.sh", "log-tail.sh",
        "preflight.sh", "probe.sh", "restore.sh", "signal.sh", "soak.sh", "stage.sh",
        "swap-backup.sh", "targets.sh", "watch.sh"
      })
  void everyShippedScriptStillParses(String name) throws Exception {
    String original = resource(name);
    String sent = Scripts.load(name);
    List<String> kept = new ArrayList<>(original.lines().toList());
    kept.removeAll(sent.lines().toList());
    assertTrue(kept.stream().allMatch(l -> l.strip().startsWith("#")), () -> name + " lost " + kept);
    assertTrue(sent.length() < original.length(), name);
    Process sh = new ProcessBuilder("sh", "-n", "-c", "f() {\n" + sent + "}\n").redirectErrorStream(true).start();
    assertTrue(sh.waitFor(60, TimeUnit.SECONDS), "sh -n hung");
    assertEquals(0, sh.exitValue(), () -> name + ": " + output(sh));
  }

  private static String lines(String text) {
    return text.replace('|', '\n');
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = Scripts.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String output(Process p) {
    try {
      return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return e.toString();
    }
  }
}
