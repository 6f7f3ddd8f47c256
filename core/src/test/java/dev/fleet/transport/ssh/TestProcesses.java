package dev.fleet.transport.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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

  /** Waits up to two seconds for the process to go: the kill is asynchronous. */
  static boolean goneSoon(String pid) throws InterruptedException {
    for (int i = 0; i < 40 && running(pid); i++) {
      Thread.sleep(50);
    }
    return !running(pid);
  }
}
