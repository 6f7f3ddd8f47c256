package dev.fleet.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real artifact server: the machine's nginx serving a directory, started as a daemon of its
 * own (own prefix, pid file and config), with {@code /private/} answering only requests that send
 * {@code Authorization: Bearer TOKEN}. Its access log, one {@code STATUS URI} line per request,
 * shows who fetched what, and how often.
 */
public final class ArtifactServer implements AutoCloseable {
  private final Path dir;
  private final String address;
  private final int port;

  private ArtifactServer(Path dir, String address, int port) {
    this.dir = dir;
    this.address = address;
    this.port = port;
  }

  /** Starts it on {@code address} (a free port), serving {@code dir}/www. */
  public static ArtifactServer start(Path dir, String address, String token) throws IOException, InterruptedException {
    Files.createDirectories(dir.resolve("www/private"));
    Files.createDirectories(dir.resolve("logs"));
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(address))) {
      port = probe.getLocalPort();
    }
    Files.writeString(
        dir.resolve("nginx.conf"),
        String.join(
            "\n",
            "user root;",
            "worker_processes 2;",
            "pid " + dir.resolve("nginx.pid") + ";",
            "error_log " + dir.resolve("logs/error.log") + ";",
            "events { worker_connections 1024; }",
            "http {",
            "  log_format fetches '$status $request_uri';",
            "  access_log " + dir.resolve("logs/access.log") + " fetches;",
            "  sendfile on;",
            "  server {",
            "    listen " + address + ":" + port + ";",
            "    root " + dir.resolve("www") + ";",
            "    location /private/ {",
            "      if ($http_authorization != \"Bearer " + token + "\") { return 401; }",
            "    }",
            "  }",
            "}",
            ""));
    run(List.of("/usr/sbin/nginx", "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString()));
    return new ArtifactServer(dir, address, port);
  }

  /** Puts {@code file} under /NAME (or /private/NAME) and returns its URL. */
  public URI publish(Path file, String name, boolean needsToken) throws IOException {
    String path = (needsToken ? "private/" : "") + name;
    Files.copy(file, dir.resolve("www").resolve(path), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return url("/" + path);
  }

  public URI url(String path) {
    return URI.create("http://" + address + ":" + port + path);
  }

  /** Every request so far, as {@code STATUS URI}. */
  public List<String> requests() throws IOException {
    Path log = dir.resolve("logs/access.log");
    return Files.exists(log) ? Files.readAllLines(log) : List.of();
  }

  /** How many requests for {@code uri} were answered {@code status}. */
  public long count(int status, URI uri) throws IOException {
    String line = status + " " + uri.getRawPath();
    return requests().stream().filter(line::equals).count();
  }

  @Override
  public void close() throws IOException, InterruptedException {
    Path pid = dir.resolve("nginx.pid");
    if (Files.exists(pid)) {
      run(List.of("/usr/sbin/nginx", "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString(), "-s", "stop"));
    }
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(command + " failed: " + out);
    }
  }
}
