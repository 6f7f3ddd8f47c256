package dev.fleet.sandbox;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

/** Finds out, before a host starts, whether its listeners could bind; says who is in the way. */
final class PortCheck {
  private PortCheck() {}

  static void requireFree(String host, String address, int port) {
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress(InetAddress.getByName(address), port));
    } catch (IOException e) {
      throw new SandboxException(
          host + ": " + address + ":" + port + " is already in use (" + e.getMessage() + ")"
              + holder(address, port)
              + ". A sandbox left running from another directory? Stop it with Sandbox.down(dir)"
              + " or 'fleet sandbox down --dir DIR', or choose another network prefix.");
    }
  }

  /** What ss says holds the port, when ss is installed; best effort, only for the message. */
  private static String holder(String address, int port) {
    try {
      var result = LocalProcesses.run(
          List.of("ss", "-Hltnp", "src", address + ":" + port), Duration.ofSeconds(5));
      String listeners = result.stdout().strip().replaceAll("\\s+", " ");
      return listeners.isEmpty() ? "" : "; held by: " + listeners;
    } catch (SandboxException e) {
      return "";
    }
  }
}
