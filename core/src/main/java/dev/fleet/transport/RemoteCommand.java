package dev.fleet.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A command for a host: a fixed script from fleet's own source plus arguments that the script
 * reads as {@code "$1"}, {@code "$2"}... Arguments are never pasted into the script text, so no
 * inventory value can change what runs.
 *
 * @param script POSIX sh text written by fleet, never built from user input
 * @param args values passed as positional parameters
 * @param privileged run through {@code sudo -n} when the login user is not root
 * @param label a short name for transcripts and errors ("probe", "usr2")
 */
public record RemoteCommand(String script, List<String> args, boolean privileged, String label) {

  public RemoteCommand {
    Objects.requireNonNull(script, "script");
    args = List.copyOf(args);
    Objects.requireNonNull(label, "label");
  }

  public static RemoteCommand of(String label, String script, String... args) {
    return new RemoteCommand(script, List.of(args), false, label);
  }

  public static RemoteCommand privileged(String label, String script, String... args) {
    return new RemoteCommand(script, List.of(args), true, label);
  }

  /**
   * The command line to hand to the remote login shell: {@code sh -c SCRIPT fleet ARGS...},
   * prefixed by {@code sudo -n} when privileged and {@code useSudo} is set.
   */
  public String render(boolean useSudo) {
    List<String> argv = new ArrayList<>();
    if (privileged && useSudo) {
      argv.addAll(List.of("sudo", "-n", "--"));
    }
    argv.addAll(List.of("sh", "-c", script, "fleet"));
    argv.addAll(args);
    return Shell.join(argv);
  }
}
