package dev.fleet.nginx.script;

import dev.fleet.transport.CommandResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** Turns a failed privileged command into words an operator acts on. */
public final class Privilege {
  private Privilege() {}

  public static String explain(CommandResult result) {
    String err = result.stderr();
    if (err.contains("a password is required") || err.contains("a terminal is required")) {
      return "sudo wants a password; give the ssh user NOPASSWD sudo or log in as root";
    }
    if (err.contains("is not in the sudoers file") || err.contains("not allowed to execute")) {
      return "the ssh user may not run commands through sudo";
    }
    // Our scripts print their own verdict last; what a tool said before it is the reason.
    List<String> lines =
        new ArrayList<>(
            Arrays.stream(err.split("\n"))
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("sudo: unable to resolve host"))
                .toList());
    Collections.reverse(lines);
    String said = String.join("; ", lines.subList(0, Math.min(3, lines.size())));
    return said.isEmpty() ? result.firstLine() : said;
  }
}
