package dev.fleet.sandbox;

import dev.fleet.transport.CommandResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * One sandbox host: its own mount, pid and uts namespaces, a real nginx master and an sshd that
 * is pid 1 of the namespace. Tests look at it through {@link #exec}, which enters the namespaces
 * directly, so what they see never depends on the SSH code under test.
 */
public final class SandboxHost {
  private static final Duration EXEC_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration DEATH_TIMEOUT = Duration.ofSeconds(10);

  private final String name;
  private final String address;
  private final int sshPort;
  private final Path dir;

  SandboxHost(String name, String address, int sshPort, Path dir) {
    this.name = name;
    this.address = address;
    this.sshPort = sshPort;
    this.dir = dir;
  }

  public String name() {
    return name;
  }

  public String address() {
    return address;
  }

  public int sshPort() {
    return sshPort;
  }

  /** The host's directory on this machine; {@code fs/} holds its /run, /var/log, /etc/nginx... */
  public Path dir() {
    return dir;
  }

  /** The pid, on this machine, of the namespace's pid 1 (the host's sshd). */
  public long initPid() {
    return recordedInitPid()
        .orElseThrow(() -> new SandboxException(name + ": no init pid recorded in " + dir.resolve("init.pid")));
  }

  /** Whether the host's namespace is still alive (its init runs and was started for this dir). */
  public boolean isRunning() {
    OptionalLong pid = recordedInitPid();
    return pid.isPresent() && isOurs(pid.getAsLong());
  }

  /** Runs argv inside the host's namespaces as root, without SSH. */
  public CommandResult exec(String... argv) {
    return exec(EXEC_TIMEOUT, argv);
  }

  public CommandResult exec(Duration timeout, String... argv) {
    if (!isRunning()) {
      throw new SandboxException(name + ": cannot run " + argv[0] + ", the host is not running");
    }
    List<String> command = new ArrayList<>(List.of(
        "nsenter", "--target", Long.toString(initPid()), "--mount", "--pid", "--uts", "--wd=/", "--"));
    command.addAll(List.of(argv));
    return LocalProcesses.run(command, timeout);
  }

  /** Pids (as the host sees them) of every process titled "nginx: master process ...". */
  public List<Long> masterPids() {
    CommandResult result = exec("pgrep", "-f", "^nginx: master process");
    List<Long> pids = new ArrayList<>();
    for (String line : result.stdout().split("\n")) {
      if (!line.isBlank()) {
        pids.add(Long.parseLong(line.strip()));
      }
    }
    return pids;
  }

  /** The pid in the host's /run/nginx.pid, if the file exists and holds one. */
  public OptionalLong pidFile() {
    return readPid(dir.resolve("fs/run/nginx.pid"));
  }

  /**
   * Crashes the host: SIGKILL to its pid 1 ends every process in it. Waits until unshare has
   * reaped it, so no pid of the host is left, not even as a zombie.
   */
  public void kill() {
    sendKill().ifPresent(this::awaitGone);
  }

  /** SIGKILLs the host's init if it still runs for this dir; returns the pid signalled. */
  OptionalLong sendKill() {
    OptionalLong pid = recordedInitPid();
    if (pid.isEmpty() || !isOurs(pid.getAsLong())) {
      return OptionalLong.empty();
    }
    ProcessHandle.of(pid.getAsLong()).ifPresent(ProcessHandle::destroyForcibly);
    return pid;
  }

  void awaitGone(long initPid) {
    long deadline = System.nanoTime() + DEATH_TIMEOUT.toNanos();
    while (LocalProcesses.exists(initPid)) {
      if (System.nanoTime() > deadline) {
        throw new SandboxException(name + ": pid " + initPid + " survived SIGKILL for " + DEATH_TIMEOUT);
      }
      Sleep.briefly();
    }
  }

  /** The last lines of the host's console (init script, nginx start-up, sshd) and nginx error log. */
  public String logTail() {
    return "console.log: " + tail(dir.resolve("console.log")) + "; error.log: "
        + tail(dir.resolve("fs/var/log/nginx/error.log"));
  }

  @Override
  public String toString() {
    return name + " (" + address + ")";
  }

  OptionalLong recordedInitPid() {
    return readPid(dir.resolve("init.pid"));
  }

  /**
   * Pids get reused, so a recorded pid is only signalled if its parent is the unshare started
   * for this very host dir (the init dies with that unshare, see --kill-child).
   */
  private boolean isOurs(long initPid) {
    if (!LocalProcesses.isRunning(initPid)) {
      return false;
    }
    List<String> parentArgs = LocalProcesses.arguments(LocalProcesses.parentOf(initPid));
    return !parentArgs.isEmpty() && parentArgs.get(0).endsWith("unshare") && parentArgs.contains(dir.toString());
  }

  private static OptionalLong readPid(Path file) {
    try {
      String text = Files.readString(file).strip();
      return text.matches("\\d+") ? OptionalLong.of(Long.parseLong(text)) : OptionalLong.empty();
    } catch (IOException e) {
      return OptionalLong.empty();
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      List<String> last = lines.subList(Math.max(0, lines.size() - 5), lines.size());
      return last.isEmpty() ? "(empty)" : String.join(" | ", last);
    } catch (IOException e) {
      return "(none)";
    }
  }
}
