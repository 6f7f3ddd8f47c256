package dev.fleet.rollout;

import dev.fleet.nginx.lock.HostLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This controller as host locks and histories name it: user@machine and the pid. */
public final class Controller {
  private Controller() {}

  static HostLock.Owner owner(String runId) {
    return new HostLock.Owner(runId, name(), ProcessHandle.current().pid());
  }

  /** user@machine: the machine's name from the kernel, which needs no name service. */
  public static String name() {
    String user = System.getProperty("user.name", "unknown");
    String machine;
    try {
      machine = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
    } catch (IOException | RuntimeException e) {
      machine = System.getenv().getOrDefault("HOSTNAME", "unknown");
    }
    return user + "@" + machine;
  }
}
