package dev.fleet.sandbox;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/** A running sandbox: its hosts and the files a fleet run against it needs. Close to tear down. */
public final class SandboxFleet implements AutoCloseable {
  private final SandboxSpec spec;
  private final List<SandboxHost> hosts;
  private final SandboxFiles files;

  SandboxFleet(SandboxSpec spec, List<SandboxHost> hosts, SandboxFiles files) {
    this.spec = spec;
    this.hosts = List.copyOf(hosts);
    this.files = files;
  }

  public SandboxSpec spec() {
    return spec;
  }

  public Path dir() {
    return spec.dir();
  }

  public List<SandboxHost> hosts() {
    return hosts;
  }

  public SandboxHost host(String name) {
    return hosts.stream()
        .filter(host -> host.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("the sandbox has no host " + name));
  }

  /** The fleet inventory for this sandbox, logging in as the spec's user. */
  public Path inventoryFile() {
    return files.inventory();
  }

  /** The client's private key; every host accepts it for root and deploy. */
  public Path clientKey() {
    return files.clientKey();
  }

  public Path knownHosts() {
    return files.knownHosts();
  }

  /**
   * A runnable nginx that differs from /usr/sbin/nginx and reports another version (patched in
   * place), the inventory's upgrade binary.
   */
  public Path newBinary() {
    return files.newBinary();
  }

  /** Each host's nginx root URL, for {@link HttpLoad}. */
  public List<URI> healthUrls() {
    return hosts.stream().map(host -> URI.create("http://" + host.address() + "/")).toList();
  }

  /**
   * The OpenSSH client command line that logs into {@code host} as {@code user} with the sandbox
   * key and strict host key checking; append the remote command.
   */
  public List<String> sshCommand(SandboxHost host, String user) {
    return List.of(
        "ssh", "-i", clientKey().toString(),
        "-o", "BatchMode=yes",
        "-o", "UserKnownHostsFile=" + knownHosts(),
        "-o", "StrictHostKeyChecking=yes",
        "-o", "ConnectTimeout=10",
        "-p", Integer.toString(host.sshPort()),
        user + "@" + host.address());
  }

  /** Tears every host down; the directory stays for debugging. Safe to call more than once. */
  @Override
  public void close() {
    Sandbox.down(spec.dir());
  }
}
