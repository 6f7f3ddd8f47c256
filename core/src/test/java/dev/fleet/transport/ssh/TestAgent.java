package dev.fleet.transport.ssh;

import dev.fleet.transport.CommandResult;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A real OpenSSH ssh-agent on a socket of the test's own, stopped on close. */
final class TestAgent implements AutoCloseable {
  private final Process agent;
  private final Path socket;

  private TestAgent(Process agent, Path socket) {
    this.agent = agent;
    this.socket = socket;
  }

  /** -D keeps the agent in the foreground, so this JVM owns it and can stop it by its handle. */
  static TestAgent start(Path socket) throws Exception {
    Process agent =
        new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
            .redirectInput(new File("/dev/null"))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    // Waits for the socket; the deadline only fails a hang, not a slow start on a busy machine.
    long deadline = System.nanoTime() + java.time.Duration.ofMinutes(1).toNanos();
    while (!Files.exists(socket) && System.nanoTime() < deadline) {
      if (!agent.isAlive()) {
        throw new IllegalStateException("ssh-agent exited with " + agent.exitValue());
      }
      Thread.sleep(10);
    }
    if (!Files.exists(socket)) {
      agent.destroyForcibly();
      throw new IllegalStateException("ssh-agent made no socket at " + socket + " within a minute");
    }
    return new TestAgent(agent, socket);
  }

  void add(Path key) throws Exception {
    CommandResult added = LocalCommand.run(List.of("ssh-add", "-q", key.toString()), socket.toString());
    if (!added.ok()) {
      throw new IllegalStateException("ssh-add " + key + " failed: " + added.stderr());
    }
  }

  String socket() {
    return socket.toString();
  }

  @Override
  public void close() throws Exception {
    agent.destroy();
    agent.waitFor();
  }
}
