package dev.fleet.transport.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Looks at local processes the way a host admin would: through /proc. */
final class TestProcesses {
  private TestProcesses() {}

  /** True while the process exists and is not a zombie waiting to be reaped. */
  static boolean running(String pid) {
    try {
      String stat = Files.readString(Path.of("/proc", pid, "stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (IOException e) {
      return false;
    }
  }

  /** Only fails a hang: the kill is asynchronous, and a busy machine may take its time. */
  private static final Duration HANG = Duration.ofMinutes(1);

  /** Waits for the process to go; false only if it still runs after {@link #HANG}. */
  static boolean gone(String pid) throws InterruptedException {
    long deadline = System.nanoTime() + HANG.toNanos();
    while (running(pid) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return !running(pid);
  }
}
