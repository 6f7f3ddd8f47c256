package dev.fleet.transport.ssh;

import dev.fleet.transport.RemoteCommand;
import dev.fleet.transport.Shell;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The script pieces a persistent shell holds from its start: assigned to their variables in the
 * loop's own text, which reaches the host inside the exec request and lands in the shell's argv,
 * so the shell parses them from memory. Sent later, on the loop's stdin, each byte of them is a
 * read(2) of the loop's {@code read} builtin (it must not read past the line on a pipe): 20 KB of
 * pieces an upgrade, 10 to 25 ms of the host's CPU on this machine's dear system calls.
 *
 * <p>Which scripts: the connector's caller knows the scripts it sends ({@link
 * SshOptions#shellScripts}); a script it did not name still runs, its pieces sent the old way. The
 * whole exec command is one argument of the login shell's {@code -c}, which Linux allows 128 KiB,
 * and the loop is quoted once more inside it (each single quote of a piece grows again): the
 * pieces, as quoted there, stay under {@link #BUDGET}.
 */
final class ShellLibrary {
  /** What the exec command may carry of pieces, in characters: the rest of it is ~2 KB. */
  static final int BUDGET = 96 * 1024;

  static final ShellLibrary EMPTY = new ShellLibrary(Map.of(), "");

  /** Each held piece and the name of its variable. */
  private final Map<String, String> names;
  /** The loop's text: the assignments, one per line, quoted as any word fleet sends, then the loop. */
  private final String loop;
  /**
   * The exec command of a shell that is not started through sudo, rendered once: each channel
   * keeps its command while it is open, and 500 shells' own copies of ~30 KB were 15 MB of heap.
   */
  private final String command;

  private ShellLibrary(Map<String, String> names, String assignments) {
    this.names = names;
    this.loop = assignments + PersistentShell.LOOP;
    this.command = render(false);
  }

  /** The channel's command: the watchdog's boot with this loop, through sudo when {@code sudo}. */
  String command(boolean sudo) {
    return sudo ? render(true) : command;
  }

  private String render(boolean sudo) {
    return new RemoteCommand(ShellWatchdog.BOOT, List.of(loop, ShellWatchdog.WATCHDOG), sudo, "shell").render(sudo);
  }

  /** The distinct pieces of {@code scripts}, first seen first, while they fit the budget. */
  static ShellLibrary of(List<String> scripts) {
    Map<String, String> names = new LinkedHashMap<>();
    StringBuilder text = new StringBuilder();
    int cost = 0;
    for (String script : scripts) {
      for (String piece : HeldScripts.pieces(script)) {
        if (names.containsKey(piece)) {
          continue;
        }
        String name = "fleet_s" + names.size();
        String line = name + "=" + Shell.quote(piece) + "\n";
        cost += Shell.quote(line).length() - 2;
        if (cost > BUDGET) {
          return new ShellLibrary(Map.copyOf(names), text.toString());
        }
        names.put(piece, name);
        text.append(line);
      }
    }
    return names.isEmpty() ? EMPTY : new ShellLibrary(Map.copyOf(names), text.toString());
  }

  /** The loop with these pieces assigned before it starts. */
  String loop() {
    return loop;
  }

  /** What a shell started with {@link #loop()} holds: piece to variable name. */
  Map<String, String> held() {
    return names;
  }
}
