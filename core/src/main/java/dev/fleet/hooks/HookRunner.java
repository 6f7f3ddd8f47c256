package dev.fleet.hooks;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one hook command on the controller: {@code /bin/sh -c COMMAND} in its own session (so in a
 * process group of its own, through {@code setsid}), in {@code dir}, with stdin from /dev/null and
 * the {@code FLEET_*} variables added to fleet's own environment. Past the timeout the whole
 * process group gets SIGKILL: a hook's children (a {@code curl}, a {@code sleep}) die with it.
 * Its stdout and stderr go, with the command and its variables, to the run's hook transcript.
 */
final class HookRunner {
  /** Lines of a failing hook's output kept for its reason. */
  static final int LAST_LINES = 5;

  private final Path dir;
  private final Duration timeout;
  private final HookTranscript transcript;

  HookRunner(Path dir, Duration timeout, HookTranscript transcript) {
    this.dir = dir;
    this.timeout = timeout;
    this.transcript = transcript;
  }

  HookResult run(String hook, String host, int batch, String command, Map<String, String> vars)
      throws InterruptedException {
    long started = System.nanoTime();
    Path output = null;
    try {
      output = transcript.scratchFile();
      ProcessBuilder builder =
          new ProcessBuilder("setsid", "-w", "/bin/sh", "-c", command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      // A hook started by a hook-running fleet must not see its parent's values.
      builder.environment().keySet().removeIf(k -> k.startsWith("FLEET_"));
      builder.environment().putAll(vars);
      Process process = builder.start();
      boolean timedOut = false;
      try {
        if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
          timedOut = true;
          killGroup(process);
        }
      } catch (InterruptedException e) {
        killGroup(process);
        throw e;
      }
      int exit = timedOut ? -1 : process.exitValue();
      String printed = read(output);
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      HookResult result = new HookResult(hook, host, batch, true, exit, timedOut, lastLines(printed), null, took, timeout);
      transcript.write(result, command, vars, printed);
      return result;
    } catch (IOException e) {
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      HookResult result = new HookResult(hook, host, batch, true, -1, false, "", e.getMessage(), took, timeout);
      transcript.write(result, command, vars, "");
      return result;
    } finally {
      if (output != null) {
        try {
          Files.deleteIfExists(output);
        } catch (IOException ignored) {
          // a scratch file left in the run directory harms nothing
        }
      }
    }
  }

  /**
   * SIGKILL to the hook's process group (its pid: setsid made it the group's leader), then to
   * the leader itself should the group be gone. The leader is not reaped before this, so its pid,
   * and the group's, cannot have been reused.
   */
  private static void killGroup(Process process) throws InterruptedException {
    try {
      Process kill = new ProcessBuilder("kill", "-KILL", "--", "-" + process.pid())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      kill.waitFor();
    } catch (IOException e) {
      // no kill(1): the leader at least is killed below
    }
    process.destroyForcibly();
    process.waitFor();
  }

  private static String read(Path output) throws IOException {
    return new String(Files.readAllBytes(output), StandardCharsets.UTF_8);
  }

  /** The last few non-blank lines, joined so that a reason stays one line. */
  static String lastLines(String printed) {
    List<String> lines = new ArrayList<>();
    printed.lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(lines::add);
    List<String> last = lines.subList(Math.max(0, lines.size() - LAST_LINES), lines.size());
    List<String> shown = new ArrayList<>();
    for (String line : last) {
      shown.add(line.length() > 200 ? line.substring(0, 200) + "..." : line);
    }
    return String.join(" | ", shown);
  }
}
