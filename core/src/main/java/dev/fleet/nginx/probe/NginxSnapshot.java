package dev.fleet.nginx.probe;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * What one probe saw on a host at one moment: the pid file and its {@code .oldbin} twin, the
 * nginx processes, and (when asked for) sha256 digests of the masters' executables and of the
 * binary file on disk, the pid file's change time, and the error log's [emerg]/[alert]/[crit] lines after a given offset.
 * Everything the engine decides is derived from snapshots like this.
 */
public record NginxSnapshot(
    OptionalInt pidFile,
    OptionalInt oldbinFile,
    List<ProcessEntry> processes,
    Map<Integer, String> exeDigests,
    Optional<String> binaryDigest,
    long errorLogSize,
    List<String> alerts,
    String pidFileChanged,
    Optional<String> backupDigest) {

  public NginxSnapshot {
    processes = List.copyOf(processes);
    exeDigests = Map.copyOf(exeDigests);
    alerts = List.copyOf(alerts);
  }

  /**
   * Processes started from the binary path that are neither titled master nor worker and whose
   * parent is no nginx process: nginx running with {@code master_process off}, or a binary hung
   * before it ever retitled itself.
   */
  public List<ProcessEntry> untitled() {
    return processes.stream()
        .filter(p -> !p.isMaster() && !p.isWorker())
        .filter(p -> process(p.ppid()).isEmpty())
        .toList();
  }

  public List<ProcessEntry> masters() {
    return processes.stream().filter(ProcessEntry::isMaster).toList();
  }

  public Optional<ProcessEntry> process(int pid) {
    return processes.stream().filter(p -> p.pid() == pid).findFirst();
  }

  public boolean isAlive(int pid) {
    return process(pid).isPresent();
  }

  /** Workers of {@code master}, not counting a new master it forked on USR2. */
  public List<ProcessEntry> workersOf(int master) {
    return processes.stream().filter(p -> p.ppid() == master && p.isWorker()).toList();
  }

  /** Workers of {@code master} that are not finishing old connections. */
  public List<ProcessEntry> activeWorkersOf(int master) {
    return workersOf(master).stream().filter(p -> !p.isShuttingDown()).toList();
  }

  /**
   * The new master {@code parent} forked on USR2, if any: any child that is not a worker, since a
   * new binary that hangs before its main loop never takes the "nginx: master process" title.
   */
  public Optional<ProcessEntry> childMasterOf(int parent) {
    return processes.stream().filter(p -> p.ppid() == parent && !p.isWorker()).findFirst();
  }

  public Optional<String> exeDigest(int pid) {
    return Optional.ofNullable(exeDigests.get(pid));
  }

  /** Parses the probe script's output; see probe.sh for the line format. */
  public static NginxSnapshot parse(String output) {
    OptionalInt pidFile = OptionalInt.empty();
    OptionalInt oldbin = OptionalInt.empty();
    List<ProcessEntry> processes = new java.util.ArrayList<>();
    Map<Integer, String> digests = new HashMap<>();
    Optional<String> binaryDigest = Optional.empty();
    long errorLogSize = -1;
    List<String> alerts = new java.util.ArrayList<>();
    String pidFileChanged = "";
    Optional<String> backupDigest = Optional.empty();
    for (String line : output.split("\n")) {
      String[] f = line.split(" ", 2);
      String value = f.length > 1 ? f[1].strip() : "";
      switch (f[0]) {
        case "pidfile" -> pidFile = parsePid(value);
        case "oldbin" -> oldbin = parsePid(value);
        case "proc" -> {
          String[] p = value.split(" ", 4);
          if (p.length == 4) {
            processes.add(
                new ProcessEntry(
                    Integer.parseInt(p[0]), Integer.parseInt(p[1]), Long.parseLong(p[2]), p[3]));
          }
        }
        case "exe" -> {
          String[] p = value.split(" ", 2);
          if (p.length == 2 && isDigest(p[1])) {
            digests.put(Integer.parseInt(p[0]), p[1]);
          }
        }
        case "binary" -> binaryDigest = isDigest(value) ? Optional.of(value) : Optional.empty();
        case "errorlog" -> errorLogSize = value.isEmpty() ? -1 : Long.parseLong(value);
        case "logline" -> alerts.add(value);
        case "pidchange" -> pidFileChanged = value;
        case "backup" -> backupDigest = isDigest(value) ? Optional.of(value) : Optional.empty();
        default -> {} // blank lines and future fields
      }
    }
    return new NginxSnapshot(
        pidFile,
        oldbin,
        processes,
        digests,
        binaryDigest,
        errorLogSize,
        alerts,
        pidFileChanged,
        backupDigest);
  }

  // Compiled once: String.matches compiles its pattern at every call, and every look of every
  // host parses a snapshot (it showed in the controller's CPU profile of a 200-host run).
  private static final Pattern PID = Pattern.compile("[1-9][0-9]{0,9}");
  private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");

  private static OptionalInt parsePid(String text) {
    if (!PID.matcher(text).matches()) {
      return OptionalInt.empty();
    }
    long pid = Long.parseLong(text); // ten digits can be past an int: no pid, not an exception
    return pid <= Integer.MAX_VALUE ? OptionalInt.of((int) pid) : OptionalInt.empty();
  }

  private static boolean isDigest(String text) {
    return DIGEST.matcher(text).matches();
  }
}
