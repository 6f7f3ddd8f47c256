package dev.fleet.sandbox;

import dev.fleet.transport.CommandResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Runs programs on this machine and looks at its process table through /proc. */
final class LocalProcesses {
  // Pipe readers block; the common pool has one thread on a 2-core machine, so they get their own.
  private static final ExecutorService PIPE_READERS =
      Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(task, "sandbox-pipe-reader");
            thread.setDaemon(true);
            return thread;
          });

  private LocalProcesses() {}

  /** Runs argv to completion; a program still running after {@code timeout} is killed. */
  static CommandResult run(List<String> argv, Duration timeout) {
    Process process;
    try {
      process = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    } catch (IOException e) {
      throw new SandboxException("cannot run " + argv.get(0) + ": " + e.getMessage(), e);
    }
    CompletableFuture<String> stdout = drain(process.getInputStream());
    CompletableFuture<String> stderr = drain(process.getErrorStream());
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor();
        return new CommandResult(124, outputOf(stdout), "timed out after " + timeout + ": " + argv);
      }
      return new CommandResult(process.exitValue(), outputOf(stdout), outputOf(stderr));
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new SandboxException("interrupted while running " + argv.get(0), e);
    }
  }

  /** The arguments of a live process; empty once it is gone or a zombie waiting to be reaped. */
  static List<String> arguments(long pid) {
    String raw = readProc(pid, "cmdline");
    return raw.isEmpty() ? List.of() : List.of(raw.split("\0"));
  }

  static boolean isRunning(long pid) {
    return !arguments(pid).isEmpty();
  }

  /** Whether the pid exists at all, zombies included. */
  static boolean exists(long pid) {
    return Files.exists(Path.of("/proc", Long.toString(pid)));
  }

  /** The parent pid of a live process, or 0 when it is gone. */
  static long parentOf(long pid) {
    for (String line : readProc(pid, "status").split("\n")) {
      if (line.startsWith("PPid:")) {
        return Long.parseLong(line.substring(5).strip());
      }
    }
    return 0;
  }

  private static String readProc(long pid, String file) {
    try {
      return Files.readString(Path.of("/proc", Long.toString(pid), file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      // gone, or exited between open and read (ESRCH): either way not running
      return "";
    }
  }

  /** The effective uid of this JVM, from /proc: no native code needed. */
  static int effectiveUid() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return Integer.parseInt(line.split("\\s+")[2]);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new SandboxException("no Uid line in /proc/self/status");
  }

  // Readers stop at EOF; a daemon that kept the pipe open must not block us, hence the bounded get.
  private static String outputOf(CompletableFuture<String> output) {
    try {
      return output.get(2, TimeUnit.SECONDS);
    } catch (Exception e) {
      return "";
    }
  }

  private static CompletableFuture<String> drain(InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            return "";
          }
        },
        PIPE_READERS);
  }
}
