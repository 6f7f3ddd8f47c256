package dev.fleet.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * fleet as the launcher runs it: {@link Main#main} in a JVM of its own, writing to the real
 * stdout and stderr (pipes here, as under Jenkins) and ending with System.exit. What an
 * in-process {@link CliRun} cannot show: output a command printed but never flushed is lost.
 */
record Launched(int exit, String out, String err) {

  /** {@code home} becomes the JVM's user.home (where ~/.ssh is looked up); null keeps it. */
  static Launched run(Path home, List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Startup only: these runs are short, the JIT would not pay off.
    command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto"));
    if (home != null) {
      command.add("-Duser.home=" + home);
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(args);
    Path stdout = Files.createTempFile("fleet-out", ".txt");
    Path stderr = Files.createTempFile("fleet-err", ".txt");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectOutput(stdout.toFile())
              .redirectError(stderr.toFile())
              .start();
      // A deadline only against a hang; nothing here depends on how long a run takes.
      assertTrue(process.waitFor(120, TimeUnit.SECONDS), "fleet " + args + " did not end");
      return new Launched(
          process.exitValue(),
          Files.readString(stdout, StandardCharsets.UTF_8),
          Files.readString(stderr, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(stdout);
      Files.deleteIfExists(stderr);
    }
  }
}
