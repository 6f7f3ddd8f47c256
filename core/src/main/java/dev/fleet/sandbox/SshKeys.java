package dev.fleet.sandbox;

import dev.fleet.transport.CommandResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The sandbox's client key pair and the known_hosts that trusts exactly its hosts. */
final class SshKeys {
  private static final Duration KEYSCAN_DEADLINE = Duration.ofSeconds(15);
  /**
   * Hosts one ssh-keyscan asks at once. Every host's key exchange runs on this machine's cores:
   * 300 at once on 2 cores left a quarter of them past ssh-keyscan's 5 s, try after try.
   */
  private static final int KEYSCAN_AT_ONCE = 50;

  private SshKeys() {}

  /** An OpenSSH ed25519 key pair without passphrase: {@code key} and {@code key.pub}. */
  static void generateClientKey(Path key) {
    CommandResult result =
        LocalProcesses.run(
            List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "fleet-sandbox", "-f", key.toString()),
            Duration.ofSeconds(30));
    if (!result.ok()) {
      throw new SandboxException("ssh-keygen could not create the client key " + key + ": " + result.firstLine());
    }
  }

  /**
   * Asks every host for its ed25519 key with ssh-keyscan, {@link #KEYSCAN_AT_ONCE} hosts at a
   * time, and writes known_hosts in host order. ssh-keyscan writes {@code [addr]:port} itself
   * when port != 22.
   */
  static void writeKnownHosts(List<SandboxHost> hosts, int port, Path knownHosts) throws IOException {
    Map<String, String> lineByAddress = new LinkedHashMap<>();
    for (int from = 0; from < hosts.size(); from += KEYSCAN_AT_ONCE) {
      scan(hosts.subList(from, Math.min(hosts.size(), from + KEYSCAN_AT_ONCE)), port, lineByAddress);
    }
    List<String> lines = new ArrayList<>();
    hosts.forEach(host -> lines.add(lineByAddress.get(host.address())));
    Files.write(knownHosts, lines);
  }

  /** Polls {@code hosts} until all have answered, adding each one's known_hosts line. */
  private static void scan(List<SandboxHost> hosts, int port, Map<String, String> lineByAddress) {
    long deadline = System.nanoTime() + KEYSCAN_DEADLINE.toNanos();
    for (int attempt = 0; ; attempt++) {
      List<String> missing = missingAddresses(hosts, lineByAddress);
      if (missing.isEmpty()) {
        return;
      }
      if (attempt > 0) {
        Sleep.briefly();
      }
      if (System.nanoTime() > deadline) {
        throw new SandboxException("ssh-keyscan got no host key from " + String.join(", ", missing)
            + " within " + KEYSCAN_DEADLINE);
      }
      List<String> argv = new ArrayList<>(List.of("ssh-keyscan", "-T", "5", "-t", "ed25519", "-p", Integer.toString(port)));
      argv.addAll(missing);
      for (String line : LocalProcesses.run(argv, Duration.ofSeconds(30)).stdout().split("\n")) {
        String[] fields = line.split(" ", 2);
        if (fields.length == 2 && !line.startsWith("#")) {
          lineByAddress.put(fields[0].replaceAll("^\\[(.*)]:\\d+$", "$1"), line);
        }
      }
    }
  }

  private static List<String> missingAddresses(List<SandboxHost> hosts, Map<String, String> found) {
    List<String> missing = new ArrayList<>();
    hosts.forEach(host -> {
      if (!found.containsKey(host.address())) {
        missing.add(host.address());
      }
    });
    return missing;
  }
}
