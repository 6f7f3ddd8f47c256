package dev.fleet.bench;

import dev.fleet.inventory.Amount;
import dev.fleet.inventory.Host;
import dev.fleet.inventory.InventoryLoader;
import dev.fleet.nginx.step.NewBinary;
import dev.fleet.rollout.BatchPlan;
import dev.fleet.sandbox.HttpLoad;
import dev.fleet.sandbox.HttpLoadOptions;
import dev.fleet.sandbox.HttpLoadStats;
import dev.fleet.sandbox.NginxBinaries;
import dev.fleet.sandbox.Sandbox;
import dev.fleet.sandbox.SandboxFleet;
import dev.fleet.sandbox.SandboxHost;
import dev.fleet.sandbox.SandboxSpec;
import dev.fleet.testing.ArtifactServer;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/**
 * Not a test: times real rollouts on a sandbox fleet and prints tables; never fails on timing.
 * Run it with {@code bench/rollout}; arguments are {@code key=value} (see {@link #DEFAULTS}).
 */
public final class RolloutBenchmark {
  static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

  static {
    DEFAULTS.put("sections", "speed,steps,scale,distribution,load"); // which tables to print
    DEFAULTS.put("speed", "20,100"); // fleet sizes timed against the shell floor
    DEFAULTS.put("rounds", "3"); // rounds per size, fleet and floor alternating
    // round trips added to every host's SSH by a delaying relay, one speed table each (0: none)
    DEFAULTS.put("rtt", "0,10");
    // FLEET_JAVA_OPTS of the speed runs, '|' between variants, each run in every round
    // ("default": as inherited); e.g. "default|-Dfleet.ssh.shell=exec" for the shells' worth
    DEFAULTS.put("fleet-java-opts", "default");
    DEFAULTS.put("parallel", "25"); // --parallel of the speed and load runs, and the floor's
    // hosts of each scale run, one batch, at the --parallel in the same place of scale-parallel;
    // up to SandboxSpec.MAX_HOSTS (past 244 the sandbox goes on into the next /24s of network)
    DEFAULTS.put("scale", "200,500");
    DEFAULTS.put("scale-parallel", "100,200");
    // FLEET_JAVA_OPTS for the scale run, '|' between variants each run in turn; "default": as
    // inherited (unset: the launcher's own default)
    DEFAULTS.put("scale-java-opts", "default");
    DEFAULTS.put("distribution", "100"); // hosts receiving the big binary
    DEFAULTS.put("mb", "20"); // its size
    DEFAULTS.put("load", "20"); // hosts upgraded and rolled back under HTTP load
    DEFAULTS.put("step-rounds", "10"); // one-host upgrades whose host CPU is split by step
    DEFAULTS.put("network", "127.40.0"); // loopback prefix of the sandbox (500 hosts: 127.40.0-2)
    DEFAULTS.put("show-output", "false"); // print each fleet run's own output (and time -v's)
  }

  private static final String BATCHES = "1,25%,100%";

  private final Map<String, String> conf;
  private final Path root;
  private final Path launcher;
  private final Path binaries;
  private SandboxFleet fleet;
  private int builds;
  /** Where the speed runs reach the hosts: the sandbox itself, or through delaying relays. */
  private Path inventory;
  private Path knownHosts;
  private int sshPort = 22;
  /** The relays listen on each host's own address, on this port. */
  private static final int RELAY_PORT = 2222;

  private RolloutBenchmark(Map<String, String> conf, Path root, Path dir) throws Exception {
    this.conf = conf;
    this.root = root;
    this.launcher = root.resolve("fleet");
    this.binaries = Files.createDirectories(dir.resolve("binaries"));
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> conf = new LinkedHashMap<>(DEFAULTS);
    for (String arg : args) {
      String[] kv = arg.split("=", 2);
      if (kv.length != 2 || !DEFAULTS.containsKey(kv[0])) {
        System.err.println("usage: bench/rollout [key=value...], keys and defaults: " + DEFAULTS);
        System.exit(2);
      }
      conf.put(kv[0], kv[1]);
    }
    Path root = Path.of("").toAbsolutePath().getParent();
    Path dir = Path.of("target", "bench-rollout").toAbsolutePath();
    new RolloutBenchmark(conf, root, dir).run(dir);
  }

  private void run(Path dir) throws Exception {
    List<String> sections = List.of(conf.get("sections").split(","));
    int hosts = sections.stream().mapToInt(this::hostsFor).max().orElse(1);
    if (hosts > SandboxSpec.MAX_HOSTS) {
      System.err.printf("bench/rollout: the sections need %d hosts; a sandbox holds at most %d%n", hosts, SandboxSpec.MAX_HOSTS);
      System.exit(2);
    }
    System.out.printf("settings: %s%n", conf);
    System.out.printf("load average at start: %s%n", Files.readString(Path.of("/proc/loadavg")).strip());
    System.out.printf("JVM start to exit (./fleet --version, median of 3): %d ms%n", jvmStart());
    long t = System.nanoTime();
    SandboxSpec spec = SandboxSpec.of(dir.resolve("sandbox"), hosts).withNetworkPrefix(conf.get("network"));
    try (SandboxFleet up = Sandbox.up(spec)) {
      fleet = up;
      inventory = up.inventoryFile();
      knownHosts = up.knownHosts();
      System.out.printf("sandbox of %d hosts up in %d ms%n", hosts, (System.nanoTime() - t) / 1_000_000);
      for (String section : sections) {
        switch (section) {
          case "speed" -> speed();
          case "steps" -> steps();
          case "scale" -> scale();
          case "distribution" -> distribution();
          case "load" -> load();
          default -> System.out.println("unknown section " + section);
        }
        System.out.printf("load average after %s: %s%n", section, Files.readString(Path.of("/proc/loadavg")).strip());
      }
    }
  }

  private int hostsFor(String section) {
    return switch (section) {
      case "speed" -> Arrays.stream(conf.get("speed").split(",")).mapToInt(Integer::parseInt).max().orElse(1);
      case "scale" -> Arrays.stream(conf.get("scale").split(",")).mapToInt(Integer::parseInt).max().orElse(1);
      case "distribution", "load" -> Integer.parseInt(conf.get(section));
      default -> 1;
    };
  }

  private int num(String key) {
    return Integer.parseInt(conf.get(key));
  }

  // ---- 1. rollout speed next to the shell floor, and where a host's time goes

  private void speed() throws Exception {
    for (String rtt : conf.get("rtt").split(",")) {
      long ms = Long.parseLong(rtt.replace("ms", ""));
      if (ms == 0) {
        speed("no added latency");
        continue;
      }
      int n = hostsFor("speed");
      List<DelayRelay> relays = new ArrayList<>();
      try {
        for (SandboxHost host : fleet.hosts().subList(0, n)) {
          relays.add(new DelayRelay(host.address(), RELAY_PORT, host.address(), 22, ms));
        }
        throughRelays();
        speed("rtt " + ms + " ms on every SSH connection (a delaying TCP relay)");
      } finally {
        for (DelayRelay relay : relays) {
          relay.close();
        }
        inventory = fleet.inventoryFile();
        knownHosts = fleet.knownHosts();
        sshPort = 22;
      }
    }
  }

  /**
   * Points the speed runs at the relays: an inventory and known_hosts beside the sandbox's with
   * the relay's port, so fleet and both floors go through the same relays.
   */
  private void throughRelays() throws Exception {
    Path known = fleet.knownHosts().resolveSibling("known_hosts.relay");
    List<String> lines = new ArrayList<>();
    for (String line : Files.readAllLines(fleet.knownHosts())) {
      String[] f = line.split(" ", 2);
      lines.add(f.length == 2 ? "[" + f[0] + "]:" + RELAY_PORT + " " + f[1] : line);
    }
    Files.write(known, lines);
    String yaml = Files.readString(fleet.inventoryFile())
        .replace("port: 22\n", "port: " + RELAY_PORT + "\n")
        .replace(fleet.knownHosts().toString(), known.toString());
    inventory = fleet.inventoryFile().resolveSibling("inventory-relay.yaml");
    Files.writeString(inventory, yaml);
    knownHosts = known;
    sshPort = RELAY_PORT;
  }

  private void speed(String mode) throws Exception {
    List<String[]> rows = new ArrayList<>();
    Map<String, JournalStats> profiles = new LinkedHashMap<>();
    List<String> variants = List.of(conf.get("fleet-java-opts").split("\\|"));
    for (String size : conf.get("speed").split(",")) {
      int n = Integer.parseInt(size);
      Map<String, List<Long>> fleetMs = new LinkedHashMap<>();
      Map<String, List<Long>> fleetHostCpu = new LinkedHashMap<>();
      Map<String, List<Long>> controllerCpu = new LinkedHashMap<>();
      Map<String, JournalStats> stats = new LinkedHashMap<>();
      List<FloorRun> bareFloors = new ArrayList<>();
      List<FloorRun> checkedFloors = new ArrayList<>();
      for (int r = 0; r < num("rounds"); r++) {
        // Each variant and both floors once per round, in turn, so all see the same load.
        for (String opts : variants) {
          long cpu = hostCpuMs(n);
          CliRun.Result run = fleetUpgrade(n, BATCHES, num("parallel"), newBinary(0), javaOpts(opts));
          fleetHostCpu.computeIfAbsent(opts, k -> new ArrayList<>()).add(hostCpuMs(n) - cpu);
          controllerCpu.computeIfAbsent(opts, k -> new ArrayList<>()).add(Math.round(run.cpuSeconds() * 1000));
          fleetMs.computeIfAbsent(opts, k -> new ArrayList<>()).add(run.wallMs());
          stats.put(opts, journal(run));
        }
        checkedFloors.add(shellFloor(n, num("parallel"), newBinary(0), true));
        bareFloors.add(shellFloor(n, num("parallel"), newBinary(0), false));
      }
      List<Long> checkedFloorMs = FloorRun.each(checkedFloors, FloorRun::wallMs);
      List<Long> floorMs = FloorRun.each(bareFloors, FloorRun::wallMs);
      for (String opts : variants) {
        profiles.put(n + "-host rollout, " + mode + (variants.size() > 1 ? ", " + label(opts) : ""), stats.get(opts));
        long fleetMed = JournalStats.median(fleetMs.get(opts));
        rows.add(new String[] {
            size, label(opts), minMed(fleetMs.get(opts)), minMed(checkedFloorMs), ratio(fleetMed, checkedFloorMs),
            minMed(floorMs), ratio(fleetMed, floorMs),
            Long.toString(JournalStats.median(stats.get(opts).hostMillis)),
            JournalStats.median(fleetHostCpu.get(opts)) + " / " + FloorRun.median(checkedFloors, FloorRun::hostCpuMs)
                + " / " + FloorRun.median(bareFloors, FloorRun::hostCpuMs),
            JournalStats.median(controllerCpu.get(opts)) + " / " + FloorRun.median(checkedFloors, FloorRun::cpuMs)
                + " / " + FloorRun.median(bareFloors, FloorRun::cpuMs)});
      }
    }
    Tables.print("1. Rollout speed, " + mode + ": batches " + BATCHES + ", soak 0, parallel " + conf.get("parallel")
            + ", end to end (JVM start included), ms, " + conf.get("rounds") + " rounds; target ratio <= 1.0 to the"
            + " bare floor (bench/shell-floor: one ssh per host, no checks, no way back); the other floor makes"
            + " fleet's checks too (--checks). Hosts and controller share this machine's cores: where hosts plus"
            + " controller CPU exceeds cores x wall time, the run waits for CPU, and the ratio follows the CPU sums",
        new String[] {"hosts", "FLEET_JAVA_OPTS", "fleet min/median", "floor, same checks", "ratio (median)", "bare floor",
            "ratio to bare", "fleet ms/host median", "CPU ms on the hosts fleet / floor / bare",
            "CPU ms on the controller fleet's JVM / floor's ssh / bare's ssh"},
        rows);
    profiles.forEach((what, stats) -> profile(what, stats));
  }

  /** A variant of FLEET_JAVA_OPTS as the launcher gets it: null for "default" (its own). */
  private static String javaOpts(String variant) {
    return variant.equals("default") ? null : variant;
  }

  private static String label(String variant) {
    return variant.equals("default") ? System.getenv().getOrDefault("FLEET_JAVA_OPTS", "launcher default") : variant;
  }

  private static String ratio(long fleetMedian, List<Long> floor) {
    return String.format("%.2f", (double) fleetMedian / JournalStats.median(floor));
  }

  private static String minMed(List<Long> values) {
    return values.stream().min(Long::compare).orElse(-1L) + " / " + JournalStats.median(values);
  }

  private void profile(String what, JournalStats stats) {
    List<String[]> rows = new ArrayList<>();
    stats.stepMillis.forEach((step, ms) -> rows.add(new String[] {
        step, Integer.toString(ms.size()), Long.toString(JournalStats.median(ms)),
        Long.toString(JournalStats.percentile(ms, 0.9)), Long.toString(ms.stream().mapToLong(Long::longValue).max().orElse(-1))}));
    rows.add(new String[] {"host start to finish", Integer.toString(stats.hostMillis.size()),
        Long.toString(JournalStats.median(stats.hostMillis)), Long.toString(JournalStats.percentile(stats.hostMillis, 0.9)),
        Long.toString(stats.hostMillis.stream().mapToLong(Long::longValue).max().orElse(-1))});
    Tables.print("Profile of the " + what + ": per step over hosts (journal step-ok), ms",
        new String[] {"step", "hosts", "median", "p90", "max"}, rows);
  }

  // ---- host CPU per step

  /**
   * Where the host's CPU goes: one host upgraded alone, again and again, its process tree's CPU
   * sampled every few ms and split at the journal's step-started and step-ok times. One host
   * at a time, so no other host's work blurs the split; the mean over the rounds, since the
   * kernel counts in ticks of 10 ms.
   */
  private void steps() throws Exception {
    int rounds = num("step-rounds");
    SandboxHost host = fleet.hosts().get(0);
    Map<String, List<Long>> cpu = new LinkedHashMap<>();
    Map<String, List<Long>> wall = new LinkedHashMap<>();
    for (int r = 0; r < rounds; r++) {
      Path binary = newBinary(0);
      CliRun.Result run;
      HostCpuTimeline timeline = new HostCpuTimeline(host.initPid());
      try {
        run = fleetUpgrade(1, "100%", 1, binary);
      } finally {
        timeline.close();
      }
      if (run.journal().isEmpty()) {
        continue;
      }
      Map<String, java.time.Instant> started = new LinkedHashMap<>();
      java.time.Instant hostStart = null;
      long inSteps = 0;
      for (JournalStats.Event e : JournalStats.events(run.journal().get(), host.name())) {
        switch (e.event()) {
          case "host-started" -> hostStart = e.time();
          case "step-started" -> started.put(e.step(), e.time());
          case "step-ok" -> {
            java.time.Instant from = started.get(e.step());
            if (from != null) {
              long ms = timeline.cpuMs(from, e.time());
              inSteps += ms;
              cpu.computeIfAbsent(e.step(), k -> new ArrayList<>()).add(ms);
              wall.computeIfAbsent(e.step(), k -> new ArrayList<>()).add(java.time.Duration.between(from, e.time()).toMillis());
            }
          }
          case "host-finished" -> {
            if (hostStart != null) {
              long ms = timeline.cpuMs(hostStart, e.time());
              cpu.computeIfAbsent("host start to finish", k -> new ArrayList<>()).add(ms);
              wall.computeIfAbsent("host start to finish", k -> new ArrayList<>())
                  .add(java.time.Duration.between(hostStart, e.time()).toMillis());
              cpu.computeIfAbsent("(between steps)", k -> new ArrayList<>()).add(ms - inSteps);
            }
          }
          default -> { }
        }
      }
    }
    List<String[]> rows = new ArrayList<>();
    cpu.forEach((step, ms) -> rows.add(new String[] {
        step, Integer.toString(ms.size()), wall.containsKey(step) ? Long.toString(JournalStats.median(wall.get(step))) : "-",
        String.format("%.1f", ms.stream().mapToLong(Long::longValue).average().orElse(-1)),
        ms.stream().mapToLong(Long::longValue).min().orElse(-1) + " / " + ms.stream().mapToLong(Long::longValue).max().orElse(-1)}));
    Tables.print("Profile of host CPU per step: " + host.name() + " upgraded alone " + rounds + " times (its sshd, sessions,"
            + " shells, the scripts' commands, nginx), split at the journal's step times",
        new String[] {"step", "runs", "wall ms median", "host CPU ms mean", "host CPU ms min / max"}, rows);
  }

  // ---- 2. scale

  private void scale() throws Exception {
    List<String> sizes = List.of(conf.get("scale").split(","));
    List<String> parallels = List.of(conf.get("scale-parallel").split(","));
    for (int i = 0; i < sizes.size(); i++) {
      int n = Integer.parseInt(sizes.get(i).strip());
      int parallel = Integer.parseInt(parallels.get(Math.min(i, parallels.size() - 1)).strip());
      // The targets: 200 hosts at parallel 100 under 300 MB, 500 at parallel 200 under 350.
      scale(n, parallel, parallel > 100 ? 350 : 300);
    }
  }

  /**
   * The scale runs' connect timeout. The sandbox's hosts share the controller's two cores, so a
   * hundred sshds starting sessions at once answer slowly: at 10 s, connects and the lock failed
   * and the budget halted the 200-host run on 2026-12-02. Real hosts have cores of their own.
   */
  private static final String SCALE_CONNECT_TIMEOUT = "60s";

  private void scale(int n, int parallel, int targetMb) throws Exception {
    List<String[]> rows = new ArrayList<>();
    JournalStats stats = null;
    Path scaleInventory = fleet.inventoryFile().resolveSibling("inventory-scale.yaml");
    String yaml = Files.readString(fleet.inventoryFile());
    if (!yaml.contains("connect_timeout: 10s")) {
      throw new IllegalStateException("the sandbox inventory names no connect_timeout of 10s");
    }
    Files.writeString(scaleInventory, yaml.replace("connect_timeout: 10s", "connect_timeout: " + SCALE_CONNECT_TIMEOUT));
    System.out.println("scale runs: ssh.connect_timeout " + SCALE_CONNECT_TIMEOUT + " (the sandbox's hosts share the controller's cores)");
    for (String opts : conf.get("scale-java-opts").split("\\|")) {
      CliRun.Result run =
          fleetUpgrade(scaleInventory, n, "100%", parallel, newBinary(0), opts.equals("default") ? null : opts);
      if (run.exit() != 0 && run.journal().isEmpty()) {
        System.out.println("(the " + n + "-host scale run wrote no journal)");
      }
      stats = journal(run);
      rows.add(new String[] {
          opts.equals("default") ? System.getenv().getOrDefault("FLEET_JAVA_OPTS", "launcher default") : opts, Long.toString(run.wallMs()), stats.upgraded + "/" + n,
          Long.toString(run.peakRssKb() / 1024), Integer.toString(run.peakThreads()),
          String.format("%.1f", run.cpuSeconds()), Long.toString(Math.round(run.cpuSeconds() * 1000 / n)),
          JournalStats.median(stats.hostMillis) + " / " + JournalStats.percentile(stats.hostMillis, 0.9)
              + " / " + stats.hostMillis.stream().mapToLong(Long::longValue).max().orElse(-1)});
    }
    Tables.print("2. Scale: " + n + " hosts, one batch, parallel " + parallel + "; target peak RSS < " + targetMb + " MB",
        new String[] {"FLEET_JAVA_OPTS", "wall ms", "upgraded", "peak RSS MB", "peak threads", "controller CPU s", "CPU ms/host (target <= 30)", "host start->commit median/p90/max ms"},
        rows);
    profile(n + "-host run", stats);
  }

  // ---- 3. distribution of a big binary

  private void distribution() throws Exception {
    int n = num("distribution");
    long bytes = num("mb") * 1024L * 1024L;
    Path big = newBinary(bytes);
    NewBinary digest = NewBinary.of(big);
    List<Host> targets = InventoryLoader.standard().load(fleet.inventoryFile()).hosts().subList(0, n);
    // A machine too busy to open 100 connections within their timeout costs these two rows only.
    long fleetMs = -1;
    try {
      fleetMs = Distribution.fleetUpload(targets, big, digest.sha256());
    } catch (Exception e) {
      System.out.println("(fleet's raw upload failed: " + e.getMessage() + ")");
    }
    long scpMs = Distribution.scp(fleet, fleet.hosts().subList(0, n), big);
    for (SandboxHost host : fleet.hosts().subList(0, n)) {
      Files.deleteIfExists(host.dir().resolve("fs/tmp/.fleet-bench-upload"));
    }
    CliRun.Result run = fleetUpgrade(n, "100%", n, big);
    JournalStats stats = journal(run);
    CliRun.Result pulled = pulledUpgrade(n, bytes);
    JournalStats pulledStats = journal(pulled);
    double total = n * (double) bytes / (1024 * 1024);
    List<String[]> rows = List.of(
        new String[] {"fleet upload + sha256 on host (open connections)", Long.toString(fleetMs), mbps(total, fleetMs), "-", "-"},
        new String[] {"OpenSSH scp, one per host, & + wait (connect included)", Long.toString(scpMs), mbps(total, scpMs), "-", "-"},
        new String[] {"fleet upgrade, push (--binary), one batch, parallel " + n, Long.toString(run.wallMs()),
            mbps(total, run.wallMs()), cpuMs(run), mb(run.writtenBytes())},
        new String[] {"fleet upgrade, pull (--binary-url, nginx here), same", Long.toString(pulled.wallMs()),
            mbps(total, pulled.wallMs()), cpuMs(pulled), mb(pulled.writtenBytes())});
    Tables.print(String.format("3. Distribution: a %d MB binary to %d hosts (%.0f MB in all)", num("mb"), n, total),
        new String[] {"how", "wall ms", "aggregate MB/s", "controller CPU ms", "controller wrote MB"}, rows);
    System.out.printf("fleet upgrade's stage step (upload or download, sha256, -T, backup, rename): push median %d ms, p90 %d ms;"
            + " pull median %d ms, p90 %d ms per host%n",
        JournalStats.median(stats.stepMillis.getOrDefault("stage", List.of())),
        JournalStats.percentile(stats.stepMillis.getOrDefault("stage", List.of()), 0.9),
        JournalStats.median(pulledStats.stepMillis.getOrDefault("stage", List.of())),
        JournalStats.percentile(pulledStats.stepMillis.getOrDefault("stage", List.of()), 0.9));
  }

  /**
   * The same upgrade with the hosts downloading the binary from an nginx on this machine (the
   * artifact server): the controller sends commands only.
   */
  private CliRun.Result pulledUpgrade(int n, long bytes) throws Exception {
    Path big = newBinary(bytes);
    String sha = NewBinary.of(big).sha256();
    try (ArtifactServer server = ArtifactServer.start(binaries.resolveSibling("artifacts"), "127.0.0.1", "bench")) {
      java.net.URI url = server.publish(big, big.getFileName().toString(), false);
      CliRun.Result run = CliRun.run(launcher, fleet.inventoryFile(), List.of(
          "upgrade", fleet.inventoryFile().toString(), "--limit", names(n), "--batches", "100%",
          "--soak", "0s", "--parallel", Integer.toString(n), "--binary-url", url.toString(), "--sha256", sha));
      if (run.exit() != 0) {
        System.out.println("fleet upgrade --binary-url exited " + run.exit() + ":\n" + run.tail());
      }
      System.out.printf("artifact server: %d downloads of %s answered 200%n", server.count(200, url), url);
      return run;
    }
  }

  private static String cpuMs(CliRun.Result run) {
    return Long.toString(Math.round(run.cpuSeconds() * 1000));
  }

  private static String mb(long bytes) {
    return String.format("%.1f", bytes / (1024.0 * 1024));
  }

  private static String mbps(double mb, long ms) {
    return ms <= 0 ? "-" : String.format("%.0f", mb / (ms / 1000.0));
  }

  // ---- 4. zero downtime under load

  private void load() throws Exception {
    int n = num("load");
    List<String[]> rows = new ArrayList<>();
    var urls = fleet.healthUrls().subList(0, n);
    HttpLoadOptions options = HttpLoadOptions.defaults().withThreads(4).withMaxDuration(Duration.ofMinutes(5));
    HttpLoad load = new HttpLoad(urls, options).start();
    CliRun.Result up = fleetUpgrade(n, BATCHES, num("parallel"), newBinary(0));
    rows.add(loadRow("upgrade, batches " + BATCHES, up, load.stop()));
    load = new HttpLoad(urls, options).start();
    CliRun.Result back = CliRun.run(launcher, fleet.inventoryFile(), List.of(
        "rollback", fleet.inventoryFile().toString(), "--limit", names(n), "--soak", "0s"));
    rows.add(loadRow("rollback, host after host", back, load.stop()));
    Tables.print("4. Zero downtime: " + n + " hosts under HTTP load (fleet's HttpLoad, 4 threads, a new TCP connection per request)",
        new String[] {"run", "exit", "wall ms", "requests sent", "failed", "first failures"}, rows);
  }

  private static String[] loadRow(String what, CliRun.Result run, HttpLoadStats stats) {
    if (run.exit() != 0) {
      System.out.println(run.tail());
    }
    String first = stats.perUrl().values().stream().flatMap(s -> s.firstFailures().stream()).limit(2)
        .collect(Collectors.joining("; "));
    return new String[] {what, Integer.toString(run.exit()), Long.toString(run.wallMs()),
        Long.toString(stats.sent()), Long.toString(stats.failed()), first.isEmpty() ? "-" : first};
  }

  // ---- helpers

  private CliRun.Result fleetUpgrade(int n, String batches, int parallel, Path binary) throws Exception {
    return fleetUpgrade(n, batches, parallel, binary, null);
  }

  private CliRun.Result fleetUpgrade(int n, String batches, int parallel, Path binary, String javaOpts)
      throws Exception {
    return fleetUpgrade(inventory, n, batches, parallel, binary, javaOpts);
  }

  private CliRun.Result fleetUpgrade(Path inventory, int n, String batches, int parallel, Path binary, String javaOpts)
      throws Exception {
    CliRun.Result run = CliRun.run(launcher, inventory, List.of(
        "upgrade", inventory.toString(), "--limit", names(n), "--batches", batches,
        "--soak", "0s", "--parallel", Integer.toString(parallel), "--binary", binary.toString()), javaOpts);
    if (run.exit() != 0) {
      System.out.println("fleet upgrade exited " + run.exit() + ":\n" + run.tail());
    }
    if (Boolean.parseBoolean(conf.get("show-output"))) {
      System.out.println(run.output());
    }
    return run;
  }

  private static JournalStats journal(CliRun.Result run) throws Exception {
    return run.journal().isPresent() ? JournalStats.read(run.journal().get()) : new JournalStats();
  }

  /**
   * The shell floor, batched as fleet batches, from start to its last host: its wall time and its
   * CPU on the controller and on the hosts; with {@code checks}, the floor that makes fleet's
   * checks too (bench/shell-floor --checks).
   */
  private FloorRun shellFloor(int n, int parallel, Path binary, boolean checks) throws Exception {
    List<SandboxHost> hosts = fleet.hosts().subList(0, n);
    String sizes = BatchPlan.split(hosts, Arrays.stream(BATCHES.split(",")).map(Amount::parse).toList())
        .stream().map(b -> Integer.toString(b.size())).collect(Collectors.joining(","));
    // /usr/bin/time counts every process the floor waited for: its shells, xargs and ssh clients.
    Path cpuFile = Files.createTempFile("floor-cpu", ".txt");
    List<String> command = new ArrayList<>(List.of(
        "/usr/bin/time", "-v", "-o", cpuFile.toString(), root.resolve("bench/shell-floor").toString()));
    if (checks) {
      command.add("--checks");
    }
    command.addAll(List.of(
        fleet.clientKey().toString(), knownHosts.toString(), binary.toString(), Integer.toString(parallel), sizes));
    hosts.forEach(h -> command.add(h.address()));
    long hostCpu = hostCpuMs(n);
    long start = System.nanoTime();
    ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
    builder.environment().put("FLOOR_PORT", Integer.toString(sshPort));
    Process p = builder.start();
    if (p.waitFor() != 0) {
      System.out.println("(the shell floor failed on some host)");
    }
    long wallMs = (System.nanoTime() - start) / 1_000_000;
    long cpuMs = Math.round(CliRun.cpuSeconds(Files.readString(cpuFile)) * 1000);
    Files.deleteIfExists(cpuFile);
    return new FloorRun(wallMs, cpuMs, hostCpuMs(n) - hostCpu);
  }

  /** One run of a shell floor: wall time, CPU of its own processes on the controller, CPU inside the hosts. */
  private record FloorRun(long wallMs, long cpuMs, long hostCpuMs) {
    static List<Long> each(List<FloorRun> runs, ToLongFunction<FloorRun> figure) {
      return runs.stream().mapToLong(figure).boxed().toList();
    }

    static long median(List<FloorRun> runs, ToLongFunction<FloorRun> figure) {
      return JournalStats.median(each(runs, figure));
    }
  }

  /**
   * CPU used inside the first {@code n} hosts so far: each host's pid 1 (its sshd) reaps every
   * session, script and exited nginx master there, so their time adds up in its stat.
   */
  private long hostCpuMs(int n) throws Exception {
    long ticks = 0;
    for (SandboxHost host : fleet.hosts().subList(0, n)) {
      String stat = Files.readString(Path.of("/proc", Long.toString(host.initPid()), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      for (int i = 11; i <= 14; i++) { // utime stime cutime cstime
        ticks += Long.parseLong(f[i]);
      }
    }
    return ticks * 10; // USER_HZ is 100 on Linux
  }

  private String names(int n) {
    return fleet.hosts().subList(0, n).stream().map(SandboxHost::name).collect(Collectors.joining(","));
  }

  /** A runnable nginx with another sha256, padded with zeros to {@code padTo} bytes if larger. */
  private Path newBinary(long padTo) throws Exception {
    Path file = binaries.resolve("nginx-" + (++builds));
    Files.deleteIfExists(file);
    NginxBinaries.changedCopy(file, "bench " + builds + " " + System.nanoTime());
    if (Files.size(file) < padTo) {
      try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
        raf.setLength(padTo); // the ELF loader ignores trailing bytes
      }
    }
    return file;
  }

  private long jvmStart() throws Exception {
    List<Long> ms = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      long start = System.nanoTime();
      new ProcessBuilder(launcher.toString(), "--version").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
      ms.add((System.nanoTime() - start) / 1_000_000);
    }
    return JournalStats.median(ms);
  }
}
