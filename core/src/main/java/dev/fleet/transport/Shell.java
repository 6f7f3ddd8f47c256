package dev.fleet.transport;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The one place that turns words into text for a remote POSIX shell. Everything that reaches a
 * remote shell and did not come from fleet's own source goes through {@link #quote(String)}.
 */
public final class Shell {
  private Shell() {}

  /** Single-quotes a word so a POSIX shell reads it back unchanged, whatever it holds. */
  public static String quote(String word) {
    if (word.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a NUL byte cannot be passed to a remote shell");
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }

  /** Quotes each word and joins them with spaces: a command line that runs exactly {@code argv}. */
  public static String join(List<String> argv) {
    return argv.stream().map(Shell::quote).collect(Collectors.joining(" "));
  }

  /**
   * A duration as timeout(1) and sleep(1) take it: seconds with three decimals ("2.500"), "0" for
   * none. Without {@link String#format}, which parses its format at every call (it showed in the
   * controller's CPU profile of a 200-host run), and the same whatever the locale.
   */
  public static String seconds(Duration d) {
    long millis = d.toMillis();
    if (millis == 0) {
      return "0";
    }
    long part = millis % 1000;
    return millis / 1000 + (part < 10 ? ".00" : part < 100 ? ".0" : ".") + part;
  }
}
