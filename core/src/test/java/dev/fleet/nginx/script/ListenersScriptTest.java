package dev.fleet.nginx.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * listeners.sh run by the local sh on this very JVM, whose listening sockets the test opens: it
 * reads them from the JVM's /proc/PID/fd and the socket tables as it reads an nginx master's.
 */
class ListenersScriptTest {
  private static final long JVM = ProcessHandle.current().pid();

  private static List<String> listeners(int max) throws Exception {
    String script = "listeners() {\n" + Scripts.load("listeners.sh") + "}\nlisteners \"$1\" \"$2\"\n";
    Process p =
        new ProcessBuilder("sh", "-c", script, "listeners-test", Long.toString(JVM), Integer.toString(max))
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(10, TimeUnit.SECONDS);
    return out.lines().toList();
  }

  @Test
  void aSpecificAddressIsAskedAsItIsBound() throws Exception {
    try (ServerSocketChannel v4 = ServerSocketChannel.open(StandardProtocolFamily.INET)) {
      v4.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      int port = ((InetSocketAddress) v4.getLocalAddress()).getPort();
      assertTrue(listeners(100).contains("listen 127.0.0.1 " + port), listeners(100).toString());
    }
  }

  @Test
  void wildcardsAreAskedOnLoopback() throws Exception {
    try (ServerSocketChannel v4 = ServerSocketChannel.open(StandardProtocolFamily.INET);
        ServerSocketChannel v6 = ServerSocketChannel.open(StandardProtocolFamily.INET6)) {
      v4.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0));
      v6.bind(new InetSocketAddress(InetAddress.getByName("::"), 0));
      List<String> found = listeners(100);
      assertTrue(found.contains("listen 127.0.0.1 " + ((InetSocketAddress) v4.getLocalAddress()).getPort()), found.toString());
      assertTrue(found.contains("listen [::1] " + ((InetSocketAddress) v6.getLocalAddress()).getPort()), found.toString());
    }
  }

  /** A dual-stack socket bound to an IPv4 address shows in tcp6 as ::ffff:a.b.c.d. */
  @Test
  void anIpv4MappedAddressIsAskedAsIpv4() throws Exception {
    try (ServerSocket mapped = new ServerSocket()) {
      mapped.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.3"), 0));
      assertTrue(listeners(100).contains("listen 127.0.0.3 " + mapped.getLocalPort()), listeners(100).toString());
    }
  }

  @Test
  void connectionsAndUnlistenedSocketsAreNotListeners() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"));
        Socket client = new Socket(InetAddress.getByName("127.0.0.1"), server.getLocalPort());
        Socket accepted = server.accept();
        Socket bound = new Socket()) {
      bound.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      List<String> found = listeners(100);
      assertTrue(found.contains("listen 127.0.0.1 " + server.getLocalPort()), found.toString());
      assertFalse(found.stream().anyMatch(l -> l.endsWith(" " + client.getLocalPort())), found.toString());
      assertFalse(found.stream().anyMatch(l -> l.endsWith(" " + bound.getLocalPort())), found.toString());
      assertEquals(found.size(), found.stream().distinct().count(), "each address once: " + found);
    }
  }

  @Test
  void atMostTheGivenNumberOfAddresses() throws Exception {
    try (ServerSocket a = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"));
        ServerSocket b = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
      assertEquals(1, listeners(1).size(), listeners(1).toString());
      assertTrue(listeners(1).get(0).matches("listen \\S+ \\d+"), listeners(1).toString());
    }
  }

  @Test
  void aProcessThatIsGoneListensOnNothing() throws Exception {
    String script = "listeners() {\n" + Scripts.load("listeners.sh") + "}\nlisteners 999999999 4; echo \"status $?\"\n";
    Process p = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(10, TimeUnit.SECONDS);
    assertEquals("status 0\n", out);
  }
}
