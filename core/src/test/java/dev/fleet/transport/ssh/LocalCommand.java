package dev.fleet.transport.ssh;

import dev.fleet.transport.CommandResult;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a program of this machine (ssh-keygen, ssh, ssh-agent) and returns what it did. */
final class LocalCommand {
  private LocalCommand() {}

  static CommandResult run(String... argv) throws Exception {
    return run(List.of(argv), null);
  }

  /** {@code authSock}, when set, becomes the program's SSH_AUTH_SOCK. */
  static CommandResult run(List<String> argv, String authSock) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(argv).redirectInput(new File("/dev/null"));
    if (authSock != null) {
      builder.environment().put("SSH_AUTH_SOCK", authSock);
    }
    Process p = builder.start();
    // stderr is read on another thread so neither pipe can fill up and stall the program.
    CompletableFuture<byte[]> err =
        CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(argv + " did not finish within 60s");
    }
    return new CommandResult(p.exitValue(), out, new String(err.get(), StandardCharsets.UTF_8));
  }

  private static byte[] readAll(java.io.InputStream in) {
    try {
      return in.readAllBytes();
    } catch (java.io.IOException e) {
      return new byte[0];
    }
  }
}
