package dev.fleet.testing;

import dev.fleet.sandbox.SandboxHost;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real HAProxy (the Debian package's /usr/sbin/haproxy) in front of sandbox hosts: one frontend
 * on 127.0.0.1, backend {@link #BACKEND} with one server per host (named like the host, port 80),
 * and an admin stats socket. The test talks to the socket itself, in Java, so what it sees never
 * depends on the script under test. Missing haproxy fails the test; it never skips it.
 */
public final class RealHaproxy implements AutoCloseable {
  public static final Path BINARY = Path.of("/usr/sbin/haproxy");
  public static final String BACKEND = "web";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final Path socket;
  private final int port;
  private final Path log;

  private RealHaproxy(Process process, Path socket, int port, Path log) {
    this.process = process;
    this.socket = socket;
    this.port = port;
    this.log = log;
  }

  /** {@code mode}: "http", or "tcp" so that an open client connection holds a server session. */
  public static RealHaproxy inFrontOf(Path dir, List<SandboxHost> hosts, String mode) throws IOException {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(BINARY + " is missing: install the Debian package haproxy (dev/install-deps does)");
    }
    Files.createDirectories(dir);
    Path socket = dir.resolve("admin.sock");
    Files.deleteIfExists(socket);
    int port = freePort();
    Path config = dir.resolve("haproxy.cfg");
    Files.writeString(config, config(socket, port, hosts, mode));
    Path log = dir.resolve("haproxy.log");
    Process process =
        new ProcessBuilder(BINARY.toString(), "-db", "-f", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    RealHaproxy haproxy = new RealHaproxy(process, socket, port, log);
    haproxy.awaitSocket();
    return haproxy;
  }

  private static String config(Path socket, int port, List<SandboxHost> hosts, String mode) {
    StringBuilder servers = new StringBuilder();
    for (SandboxHost host : hosts) {
      servers.append("  server ").append(host.name()).append(' ').append(host.address()).append(":80 check inter 1s\n");
    }
    return """
        global
          stats socket %s mode 600 level admin
          nbthread 1
        defaults
          mode %s
          timeout connect 5s
          timeout client 60s
          timeout server 60s
        frontend fe
          bind 127.0.0.1:%d
          default_backend %s
        backend %s
          balance roundrobin
        %s"""
        .formatted(socket, mode, port, BACKEND, BACKEND, servers);
  }

  public Path socket() {
    return socket;
  }

  public int port() {
    return port;
  }

  /** The frontend's root URL, for {@link dev.fleet.sandbox.HttpLoad}. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + port + "/");
  }

  /** One runtime API command over the admin socket; HAProxy's answer. */
  public String api(String command) throws IOException {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(socket));
      channel.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII)));
      ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
      StringBuilder answer = new StringBuilder();
      while (channel.read(buffer) >= 0) {
        buffer.flip();
        answer.append(StandardCharsets.US_ASCII.decode(buffer));
        buffer.clear();
      }
      return answer.toString();
    }
  }

  /** A server's row of {@code show stat}, as CSV fields (0-based: 4 scur, 7 stot, 17 status). */
  public String[] stat(String server) throws IOException {
    for (String line : api("show stat").split("\n")) {
      String[] fields = line.split(",", -1);
      if (fields.length > 17 && fields[0].equals(BACKEND) && fields[1].equals(server)) {
        return fields;
      }
    }
    throw new IllegalStateException("haproxy has no server " + BACKEND + "/" + server + "; log: " + logText());
  }

  /** HAProxy's status of a server: UP, DRAIN, MAINT, DOWN... */
  public String status(String server) throws IOException {
    return stat(server)[17];
  }

  public int currentSessions(String server) throws IOException {
    return Integer.parseInt(stat(server)[4]);
  }

  /** Current sessions of the whole backend. */
  public int totalCurrentSessions() throws IOException {
    return Integer.parseInt(stat("BACKEND")[4]);
  }

  /** Every server's line of {@code show servers state}, whitespace-split (3 name, 6 admin state). */
  public List<String[]> serversState() throws IOException {
    List<String[]> rows = new ArrayList<>();
    for (String line : api("show servers state " + BACKEND).split("\n")) {
      if (!line.isBlank() && !line.startsWith("#") && line.split(" ").length > 6) {
        rows.add(line.split(" "));
      }
    }
    return rows;
  }

  public String logText() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  private void awaitSocket() throws IOException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException("haproxy exited with " + process.exitValue() + ": " + logText());
      }
      if (Files.exists(socket)) {
        try {
          if (api("show info").contains("Name: HAProxy")) {
            return;
          }
        } catch (IOException notYet) {
          // bound but not accepting yet
        }
      }
      if (System.nanoTime() > deadline) {
        close0();
        throw new IllegalStateException("haproxy's stats socket did not answer within " + START_TIMEOUT + ": " + logText());
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for haproxy", e);
      }
    }
  }

  private void close0() {
    process.destroyForcibly();
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    }
  }
}
