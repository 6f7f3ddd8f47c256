package dev.fleet.transport.ssh;

import dev.fleet.transport.Shell;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pieces of fleet's scripts that one persistent shell holds in variables, so that each
 * request sends only the pieces the shell lacks and names the rest.
 *
 * <p>Why: the loop reads each request with the {@code read} builtin, which takes one byte per
 * read(2), since on a pipe it must not read past the line, and the script travels inside the
 * request. Fleet's scripts are long (preflight is 14 KB with the probe and the health check it
 * defines as functions, each watch 10 KB), so one upgrade cost its host some 90,000 read(2) calls
 * in the loop's sh, the largest single share of the host's CPU that fleet itself caused (perf,
 * 20 hosts: sh 18% of all samples). The script still reaches {@code sh -c} whole, as one argument
 * expanded from the variables: what runs is byte for byte what an exec would run.
 *
 * <p>A piece ends after each line that is a lone {@code }}: where {@code Scripts} ends every
 * function it defines before a script, so the probe that preflight defines is, piece for piece,
 * the one each watch and verify define after it. Any other cut would be as correct, only less
 * often shared. Not thread-safe: a shell takes one request at a time.
 */
final class HeldScripts {
  /** Where a piece ends: after a line that closes a function. */
  private static final String CUT = "\n}\n";
  /** Each script's pieces: fleet sends a few fixed scripts, each cut once per run. */
  private static final Map<String, List<String>> PIECES = new ConcurrentHashMap<>();

  private final Map<String, String> names;

  /** A shell that holds nothing yet. */
  HeldScripts() {
    this(ShellLibrary.EMPTY);
  }

  /** A shell started with {@code library}'s loop: it holds those pieces from the start. */
  HeldScripts(ShellLibrary library) {
    this.names = new HashMap<>(library.held());
  }

  /**
   * The request's line: an assignment for each piece of its script this shell does not hold yet
   * (and from then on does), then {@code fleet_run} with the script as the expansion of its
   * pieces' variables.
   */
  String line(ShellRequest request) {
    StringBuilder line = new StringBuilder();
    StringBuilder script = new StringBuilder("\"");
    for (String piece : pieces(request.script())) {
      String name = names.get(piece);
      if (name == null) {
        name = "fleet_s" + names.size();
        names.put(piece, name);
        line.append(name).append('=').append(Shell.quote(piece)).append("; ");
      }
      script.append('$').append(name);
    }
    script.append('"');
    List<String> before = List.of(request.deadline(), request.grace(), "sh", "-c");
    List<String> after = new ArrayList<>();
    after.add("fleet");
    after.addAll(request.args());
    return line.append(PersistentShell.RUN)
        .append(' ')
        .append(Shell.join(before))
        .append(' ')
        .append(script)
        .append(' ')
        .append(Shell.join(after))
        .toString();
  }

  /** {@code script} cut after each {@link #CUT}; the pieces joined are the script. */
  static List<String> pieces(String script) {
    return PIECES.computeIfAbsent(script, HeldScripts::cut);
  }

  private static List<String> cut(String script) {
    List<String> pieces = new ArrayList<>();
    int start = 0;
    for (int end = script.indexOf(CUT); end >= 0; end = script.indexOf(CUT, start)) {
      pieces.add(script.substring(start, end + CUT.length()));
      start = end + CUT.length();
    }
    if (start < script.length() || pieces.isEmpty()) {
      pieces.add(script.substring(start));
    }
    return List.copyOf(pieces);
  }
}
