package dev.fleet.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ShellTest {

  /** Each word goes through a real local sh and must come back byte for byte, running nothing. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "plain",
        "with space",
        "it's",
        "'",
        "''",
        "a;touch /tmp/fleet-pwned",
        "$(touch /tmp/fleet-pwned)",
        "`touch /tmp/fleet-pwned`",
        "\"double\" $HOME ${x} \\ backslash",
        "new\nline",
        "-n",
        "*",
        ""
      })
  void quotedWordsReachTheShellUnchanged(String word) throws IOException, InterruptedException {
    String script = RemoteCommand.of("echo", "printf '%s' \"$1\"", word).render(false);
    Process sh = new ProcessBuilder("sh", "-c", script).start();
    String echoed = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, sh.waitFor());
    assertEquals(word, echoed);
    assertEquals(false, java.nio.file.Files.exists(java.nio.file.Path.of("/tmp/fleet-pwned")));
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void privilegedCommandsGoThroughSudoOnlyWhenAsked(boolean useSudo) {
    String line = RemoteCommand.privileged("x", "true").render(useSudo);
    assertEquals(useSudo, line.startsWith("'sudo' '-n' '--' 'sh' '-c'"));
    assertEquals(!useSudo, line.startsWith("'sh' '-c'"));
  }

  @org.junit.jupiter.api.Test
  void aNulByteIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Shell.quote("a\0b"));
    assertEquals("'a' 'b c'", Shell.join(List.of("a", "b c")));
  }

  /** sleep(1) and timeout(1) read these as seconds; "0" is what soak.sh compares against. */
  @ParameterizedTest
  @CsvSource({"0, 0", "1, 0.001", "10, 0.010", "500, 0.500", "2000, 2.000", "61250, 61.250"})
  void durationsReachTheHostAsSecondsWithThreeDecimals(long millis, String seconds) {
    assertEquals(seconds, Shell.seconds(Duration.ofMillis(millis)));
  }
}
