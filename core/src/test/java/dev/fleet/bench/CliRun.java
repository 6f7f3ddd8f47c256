package dev.fleet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One run of the real {@code ./fleet} launcher as its own process, timed end to end (JVM start
 * included) under {@code /usr/bin/time -v} for its peak RSS, with its thread count sampled from
 * /proc while it runs. Its journal is the run directory that appeared beside the inventory.
 */
final class CliRun {
  private static final Pattern MAX_RSS = Pattern.compile("Maximum resident set size \\(kbytes\\): (\\d+)");

  record Result(
      int exit, long wallMs, long peakRssKb, int peakThreads, double cpuSeconds, String output, Optional<Path> journal,
      long writtenBytes) {
    String tail() {
      List<String> lines = output.strip().lines().toList();
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 6), lines.size()));
    }
  }

  private CliRun() {}

  static Result run(Path launcher, Path inventory, List<String> fleetArgs) throws Exception {
    return run(launcher, inventory, fleetArgs, null);
  }

  /** {@code javaOpts}: FLEET_JAVA_OPTS for the launcher; null keeps this process's environment. */
  static Result run(Path launcher, Path inventory, List<String> fleetArgs, String javaOpts) throws Exception {
    Path runs = inventory.resolveSibling(".fleet").resolve("runs");
    Set<Path> before = runDirs(runs);
    List<String> command = new ArrayList<>(List.of("/usr/bin/time", "-v", launcher.toString()));
    command.addAll(fleetArgs);
    Path log = Files.createTempFile("fleet-bench", ".log");
    long start = System.nanoTime();
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    if (javaOpts != null) {
      builder.environment().put("FLEET_JAVA_OPTS", javaOpts);
    }
    Process process = builder.start();
    int peakThreads = 0;
    long written = 0;
    while (!process.waitFor(20, java.util.concurrent.TimeUnit.MILLISECONDS)) {
      peakThreads = Math.max(peakThreads, threadsOfChild(process.pid()));
      written = Math.max(written, writtenByChild(process.pid()));
    }
    long wallMs = (System.nanoTime() - start) / 1_000_000;
    String output = Files.readString(log);
    Files.delete(log);
    Matcher rss = MAX_RSS.matcher(output);
    long rssKb = rss.find() ? Long.parseLong(rss.group(1)) : -1;
    double cpu = cpuSeconds(output);
    Set<Path> after = runDirs(runs);
    after.removeAll(before);
    Optional<Path> journal = after.stream().map(d -> d.resolve("journal.jsonl")).filter(Files::exists).findFirst();
    return new Result(process.exitValue(), wallMs, rssKb, peakThreads, cpu, output, journal, written);
  }

  /** User plus system time from {@code /usr/bin/time -v}'s report: the process and every child it waited for. */
  static double cpuSeconds(String timeOutput) {
    return seconds(timeOutput, "User time (seconds): ") + seconds(timeOutput, "System time (seconds): ");
  }

  private static double seconds(String timeOutput, String label) {
    return timeOutput.lines().map(String::strip).filter(l -> l.startsWith(label))
        .mapToDouble(l -> Double.parseDouble(l.substring(label.length()))).findFirst().orElse(0);
  }

  /** The fleet launcher execs java, so the JVM is /usr/bin/time's only child. */
  private static int threadsOfChild(long timePid) {
    try {
      String children = Files.readString(Path.of("/proc", Long.toString(timePid), "task", Long.toString(timePid), "children")).strip();
      if (children.isEmpty()) {
        return 0;
      }
      String status = Files.readString(Path.of("/proc", children.split(" ")[0], "status"));
      return status.lines().filter(l -> l.startsWith("Threads:")).findFirst()
          .map(l -> Integer.parseInt(l.substring(8).strip())).orElse(0);
    } catch (IOException | RuntimeException e) {
      return 0; // the process ended between two reads
    }
  }

  /**
   * The JVM's wchar (/proc/PID/io): bytes it passed to write(2), sockets included, so the SSH
   * traffic it sent plus its journal and transcripts; sampled, so the last 20 ms may be missing.
   */
  private static long writtenByChild(long timePid) {
    try {
      String children = Files.readString(Path.of("/proc", Long.toString(timePid), "task", Long.toString(timePid), "children")).strip();
      if (children.isEmpty()) {
        return 0;
      }
      String io = Files.readString(Path.of("/proc", children.split(" ")[0], "io"));
      return io.lines().filter(l -> l.startsWith("wchar:")).findFirst()
          .map(l -> Long.parseLong(l.substring(6).strip())).orElse(0L);
    } catch (IOException | RuntimeException e) {
      return 0; // the process ended between two reads
    }
  }

  private static Set<Path> runDirs(Path runs) throws IOException {
    if (!Files.isDirectory(runs)) {
      return new HashSet<>();
    }
    try (Stream<Path> dirs = Files.list(runs)) {
      return new HashSet<>(dirs.toList());
    }
  }
}
