package dev.fleet.cli;

import dev.fleet.sandbox.Sandbox;
import dev.fleet.sandbox.SandboxFleet;
import dev.fleet.sandbox.SandboxHost;
import dev.fleet.sandbox.SandboxSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code fleet sandbox up|down}: a local fleet of real sshd + nginx hosts to try fleet on. */
@Command(
    name = "sandbox",
    mixinStandardHelpOptions = true,
    header = "A local fleet of real sshd + nginx hosts to try fleet on.",
    description =
        "A local sandbox fleet: each host is a real OpenSSH sshd and nginx master in its own mount, pid and uts namespaces, on its own loopback address. Needs root.",
    subcommands = {SandboxCommand.Up.class, SandboxCommand.Down.class, DemoCommand.class})
final class SandboxCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static final String DEFAULT_DIR = "sandbox";
  static final String HOSTS_HELP =
      "How many hosts, 1 to " + SandboxSpec.MAX_HOSTS + " (default: ${DEFAULT-VALUE}); past "
          + SandboxSpec.HOSTS_PER_NETWORK + " they go on into the next /24s (127.20.1.11...).";

  /** The spec the options describe, or a usage error (exit 2) saying which option is wrong. */
  static SandboxSpec validSpec(CommandSpec command, Supplier<SandboxSpec> spec) {
    try {
      return spec.get();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(command.commandLine(), "fleet sandbox: " + e.getMessage());
    }
  }

  @Command(
      name = "up",
      mixinStandardHelpOptions = true,
      header = "Start the hosts and write DIR/inventory.yaml for them.",
      description = "Starts the hosts and writes DIR/inventory.yaml for them.",
      footer = {
        "",
        "Examples:",
        "  sudo fleet sandbox up --hosts 5",
        "  fleet upgrade sandbox/inventory.yaml",
        "  sudo fleet sandbox up --hosts 500 --network 127.21.0 --dir big"
      })
  static final class Up implements Runnable {
    @Spec CommandSpec spec;

    @Option(names = "--hosts", defaultValue = "3", description = HOSTS_HELP)
    int hosts;

    @Option(names = "--dir", defaultValue = DEFAULT_DIR, description = "State directory (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--user", defaultValue = SandboxSpec.ROOT, description = "Login user: root, or deploy (non-root with NOPASSWD sudo).")
    String user;

    // Two sandboxes on one machine need two prefixes: the hosts' ports are taken per address.
    @Option(
        names = "--network",
        defaultValue = "127.20.0",
        description = "First three octets of the hosts' loopback addresses (default: ${DEFAULT-VALUE}).")
    String network;

    @Override
    public void run() {
      PrintWriter out = spec.commandLine().getOut();
      SandboxSpec sandbox =
          validSpec(spec, () -> SandboxSpec.of(dir.toAbsolutePath(), hosts).withLoginUser(user).withNetworkPrefix(network));
      SandboxFleet fleet = Sandbox.up(sandbox);
      for (SandboxHost host : fleet.hosts()) {
        out.printf("%-8s ssh %s@%s  http://%s/%n", host.name(), user, host.address(), host.address());
      }
      out.printf("inventory: %s%nnew nginx binary: %s%n", fleet.inventoryFile(), fleet.newBinary());
      out.printf("stop it with: fleet sandbox down --dir %s%n", dir);
    }
  }

  @Command(name = "down", mixinStandardHelpOptions = true, header = "Stop every host of the sandbox in DIR.", description = "Stops every host of the sandbox in DIR.")
  static final class Down implements Runnable {
    @Option(names = "--dir", defaultValue = DEFAULT_DIR, description = "State directory (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Override
    public void run() {
      Sandbox.down(dir.toAbsolutePath());
    }
  }
}
