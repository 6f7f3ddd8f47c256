package dev.fleet.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One of the hook scripts in inventory-examples/hooks, run the way fleet runs a hook: by
 * {@code /bin/sh -c} with what it needs in the environment, never in the command text.
 */
final class HookScript {
  static final Path HOOKS = Path.of("..", "inventory-examples", "hooks").toAbsolutePath().normalize();
  private static final long HANG_GUARD_SECONDS = 120;

  private final Path script;

  private HookScript(Path script) {
    this.script = script;
  }

  static HookScript named(String file) {
    return new HookScript(HOOKS.resolve(file));
  }

  Path path() {
    return script;
  }

  /** Runs to completion (a hang guard of 2 minutes, not a timing assumption). */
  Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
    return start(env, args).await();
  }

  Running start(Map<String, String> env, String... args) throws IOException {
    // "$0" "$@" keeps the script path and arguments out of the command text, as fleet keeps
    // inventory values out of it.
    List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", "exec \"$0\" \"$@\"", script.toString()));
    argv.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    builder.environment().putAll(env);
    return new Running(builder.start());
  }

  record Result(int exit, String stdout, String stderr) {
    @Override
    public String toString() {
      return "exit " + exit + "; stdout: " + stdout + "; stderr: " + stderr;
    }
  }

  static final class Running {
    private final Process process;
    private final StringBuffer stdoutSoFar = new StringBuffer();
    private final CompletableFuture<String> stdout;
    private final CompletableFuture<String> stderr;

    Running(Process process) {
      this.process = process;
      this.stdout = read(process.getInputStream(), stdoutSoFar);
      this.stderr = read(process.getErrorStream(), new StringBuffer());
    }

    boolean isAlive() {
      return process.isAlive();
    }

    /** What the script has printed so far: a test waits for a line, never for a while. */
    String stdoutSoFar() {
      return stdoutSoFar.toString();
    }

    Result await() throws InterruptedException {
      if (!process.waitFor(HANG_GUARD_SECONDS, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor();
        throw new AssertionError("hook script still running after " + HANG_GUARD_SECONDS + "s: " + stderr.getNow(""));
      }
      return new Result(process.exitValue(), stdout.join(), stderr.join());
    }

    private static CompletableFuture<String> read(java.io.InputStream in, StringBuffer sofar) {
      return CompletableFuture.supplyAsync(
          () -> {
            try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) {
              for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                sofar.append(line).append('\n');
              }
              return sofar.toString();
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          },
          task -> {
            Thread thread = new Thread(task, "hook-script-pipe");
            thread.setDaemon(true);
            thread.start();
          });
    }
  }
}
