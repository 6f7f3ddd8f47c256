package dev.fleet.sandbox;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Starts and stops a test fleet on this machine: each host is a set of namespaces with a real
 * nginx and a real sshd on its own loopback address. Hosts run detached from the JVM (their own
 * session), so a sandbox started by {@code fleet sandbox up} outlives it until {@link #down}.
 */
public final class Sandbox {
  private static final String STATE_MARKER = "sandbox.state";
  private static final String HOST_SCRIPT = "host-init.sh";
  /**
   * Hosts starting at the same time. A start is mostly CPU (ssh-keygen, nginx and its workers,
   * sshd), so starting more at once only makes each slower: 500 at once on 2 cores would blow
   * host-init.sh's 5 s for nginx's workers and the deadline below, which are per host.
   */
  private static final int STARTING_AT_ONCE = 64;

  private Sandbox() {}

  /** Starts every host of {@code spec} in parallel and returns once all answer SSH. */
  public static SandboxFleet up(SandboxSpec spec) {
    Prerequisites.check();
    Path dir = spec.dir();
    clearPreviousSandbox(dir);
    List<SandboxHost> hosts = plannedHosts(spec);
    for (SandboxHost host : hosts) {
      PortCheck.requireFree(host.name(), host.address(), spec.sshPort());
      PortCheck.requireFree(host.name(), host.address(), 80);
      if (spec.tlsListener()) {
        PortCheck.requireFree(host.name(), host.address(), 443);
      }
    }
    SandboxFiles files = SandboxFiles.in(dir);
    try {
      prepare(spec, files, hosts);
      startAll(dir.resolve(HOST_SCRIPT), hosts, spec.nginxWorkers());
      SshKeys.writeKnownHosts(hosts, spec.sshPort(), files.knownHosts());
      InventoryWriter.write(
          files.inventory(), spec, hosts, files.clientKey(), files.knownHosts(), files.newBinary());
      return new SandboxFleet(spec, hosts, files);
    } catch (IOException | RuntimeException e) {
      down(dir); // never leave half a fleet running; the files stay for debugging
      if (e instanceof SandboxException sandboxException) {
        throw sandboxException;
      }
      throw new SandboxException("sandbox in " + dir + " could not start: " + e, e);
    }
  }

  /**
   * Kills every host recorded under {@code dir} that is still running. Idempotent; hosts that
   * already died and pids since reused by other programs are left alone. Removes no files.
   */
  public static void down(Path dir) {
    // Signal all first, then wait: hosts die in parallel, so 200 take as long as one.
    Map<SandboxHost, Long> signalled = new LinkedHashMap<>();
    for (SandboxHost host : recordedHosts(dir.toAbsolutePath().normalize())) {
      host.sendKill().ifPresent(pid -> signalled.put(host, pid));
    }
    signalled.forEach(SandboxHost::awaitGone);
  }

  /** A crashed run may have left hosts running or files behind in the same dir: both are ours. */
  private static void clearPreviousSandbox(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    if (!Files.exists(dir.resolve(STATE_MARKER)) && !isEmptyDir(dir)) {
      throw new SandboxException(
          dir + " exists and is not a sandbox dir (no " + STATE_MARKER + "): refusing to reuse it");
    }
    down(dir);
    deleteTree(dir);
  }

  private static List<SandboxHost> plannedHosts(SandboxSpec spec) {
    List<SandboxHost> hosts = new ArrayList<>();
    for (int i = 1; i <= spec.hosts(); i++) {
      String name = spec.hostName(i);
      hosts.add(new SandboxHost(name, spec.hostAddress(i), spec.sshPort(), SandboxFiles.in(spec.dir()).hostsDir().resolve(name)));
    }
    return hosts;
  }

  private static void prepare(SandboxSpec spec, SandboxFiles files, List<SandboxHost> hosts) throws IOException {
    Path dir = Files.createDirectories(spec.dir());
    // Written first, so a crash at any later point leaves a dir the next up() may clear.
    Files.writeString(dir.resolve(STATE_MARKER), "fleet sandbox: " + spec + "\n");
    try (InputStream script = Sandbox.class.getResourceAsStream(HOST_SCRIPT)) {
      Files.copy(script, dir.resolve(HOST_SCRIPT));
    }
    Files.createDirectories(files.clientKey().getParent());
    SshKeys.generateClientKey(files.clientKey());
    // Another version, not only another digest: the upgrade's output shows the version change.
    NginxBinaries.otherVersion(files.newBinary());
    HostAccounts accounts = HostAccounts.fromMachine();
    Path publicKey = Path.of(files.clientKey() + ".pub");
    Path tls = dir.resolve("tls");
    if (spec.tlsListener()) {
      SandboxTls.generate(tls);
    }
    for (SandboxHost host : hosts) {
      HostLayout.write(host.dir(), host.name(), host.address(), spec, accounts, publicKey);
      if (spec.tlsListener()) {
        SandboxTls.copyInto(tls, host.dir().resolve("fs/etc/nginx"));
      }
    }
  }

  /**
   * setsid puts the host in its own session (a Ctrl-C on the CLI must not reach it); --kill-child
   * ties the namespace to unshare, so killing either ends the host.
   */
  private static Process launch(Path script, SandboxHost host, int workers) throws IOException {
    File console = host.dir().resolve("console.log").toFile();
    return new ProcessBuilder(
            "setsid", "unshare", "--mount", "--pid", "--uts", "--fork", "--kill-child",
            "sh", script.toString(), host.dir().toString(), host.name(), Integer.toString(workers),
            machineNamespaces())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.appendTo(console))
        .redirectErrorStream(true)
        .start();
  }

  /** This JVM's namespaces: host-init.sh refuses to run in them, so it never renames the machine. */
  private static String machineNamespaces() throws IOException {
    List<String> links = new ArrayList<>();
    for (String ns : List.of("mnt", "pid", "uts")) {
      links.add(Files.readSymbolicLink(Path.of("/proc/self/ns", ns)).toString());
    }
    return String.join(" ", links);
  }

  /**
   * Starts the hosts, at most {@link #STARTING_AT_ONCE} at a time, each as soon as another is up,
   * and returns once every host's sshd has written its pid file, which it does once listening.
   */
  private static void startAll(Path script, List<SandboxHost> hosts, int workers) throws IOException {
    Duration limit = Duration.ofSeconds(20).plusMillis(100L * Math.min(hosts.size(), STARTING_AT_ONCE));
    Map<SandboxHost, Starting> starting = new LinkedHashMap<>();
    try {
      int next = 0;
      while (next < hosts.size() || !starting.isEmpty()) {
        while (next < hosts.size() && starting.size() < STARTING_AT_ONCE) {
          SandboxHost host = hosts.get(next++);
          starting.put(host, new Starting(launch(script, host, workers), System.nanoTime() + limit.toNanos()));
        }
        int before = starting.size();
        for (var it = starting.entrySet().iterator(); it.hasNext(); ) {
          var entry = it.next();
          SandboxHost host = entry.getKey();
          Process process = entry.getValue().process();
          if (Files.exists(host.dir().resolve("fs/run/sshd.pid")) && host.recordedInitPid().isPresent()) {
            it.remove();
          } else if (!process.isAlive()) {
            throw new SandboxException(host.name() + ": host exited while starting (exit status "
                + process.exitValue() + "; " + host.logTail() + ")");
          } else if (System.nanoTime() > entry.getValue().deadline()) {
            throw new SandboxException(host.name() + " (and " + (starting.size() - 1 + hosts.size() - next)
                + " more) did not come up within " + limit + " of its start (" + host.logTail() + ")");
          }
        }
        if (starting.size() == before) {
          Sleep.briefly();
        }
      }
    } catch (IOException | RuntimeException e) {
      // A host that has not written init.pid yet is out of down()'s reach; its unshare is not.
      starting.values().forEach(start -> start.process().destroyForcibly());
      throw e;
    }
  }

  /** A host launched and not up yet: its unshare, and when it must be up by (System.nanoTime). */
  private record Starting(Process process, long deadline) {}

  private static List<SandboxHost> recordedHosts(Path dir) {
    Path hostsDir = SandboxFiles.in(dir).hostsDir();
    if (!Files.isDirectory(hostsDir)) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.list(hostsDir)) {
      // Address and port are not needed to kill a host; the pid files are.
      return dirs.sorted().map(d -> new SandboxHost(d.getFileName().toString(), "", 0, d)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list sandbox hosts in " + hostsDir, e);
    }
  }

  private static boolean isEmptyDir(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new SandboxException("cannot clear the previous sandbox in " + dir + ": " + e.getMessage(), e);
    }
  }
}
