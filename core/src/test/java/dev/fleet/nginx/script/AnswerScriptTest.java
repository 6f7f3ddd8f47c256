package dev.fleet.nginx.script;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** answer.sh run by the local sh against a real HTTP server in this JVM, with curl and with wget. */
class AnswerScriptTest {
  @TempDir Path dir;
  private HttpServer server;
  private String url;

  @BeforeEach
  void serve() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 5);
    server.createContext("/", exchange -> {
      exchange.sendResponseHeaders(exchange.getRequestURI().getPath().equals("/") ? 404 : 503, -1);
      exchange.close();
    });
    server.start();
    url = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private List<String> answer(String path, String... args) throws Exception {
    String script = "answer() {\n" + Scripts.load("answer.sh") + "}\nanswer \"$@\"; echo \"status $?\"\n";
    List<String> argv = new java.util.ArrayList<>(List.of("sh", "-c", script, "answer-test"));
    argv.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
    builder.environment().put("PATH", path);
    Process p = builder.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(20, TimeUnit.SECONDS);
    return out.lines().toList();
  }

  /** A directory holding only links to {@code tools}, for a PATH with exactly those. */
  private String pathWith(String... tools) throws Exception {
    Path bin = dir.resolve("bin-" + String.join("-", tools));
    if (Files.isDirectory(bin)) {
      return bin.toString();
    }
    Files.createDirectories(bin);
    for (String tool : tools) {
      Files.createSymbolicLink(bin.resolve(tool), Path.of("/usr/bin", tool));
    }
    return bin.toString();
  }

  @Test
  void curlGivesTheStatusWhateverItIs() throws Exception {
    assertEquals(List.of("404", "status 0"), answer(pathWith("curl"), url, "insecure"));
    assertEquals(List.of("503", "status 0"), answer(pathWith("curl"), url + "down"));
  }

  @Test
  void wgetGivesTheStatusWhenCurlIsMissing() throws Exception {
    assertEquals(List.of("404", "status 0"), answer(pathWith("wget", "awk"), url, "insecure"));
    assertEquals(List.of("503", "status 0"), answer(pathWith("wget", "awk"), url + "down"));
  }

  @Test
  void noHttpAnswerIsThreeZeros() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closed = s.getLocalPort();
    }
    assertEquals(List.of("000", "status 0"), answer(pathWith("curl"), "http://127.0.0.1:" + closed + "/"));
    assertEquals(List.of("000", "status 0"), answer(pathWith("wget", "awk"), "http://127.0.0.1:" + closed + "/"));
  }

  @Test
  void withNeitherToolItSaysSo() throws Exception {
    assertEquals(
        List.of("neither curl nor wget is installed on the host to ask " + url, "status 4"),
        answer(Files.createDirectories(dir.resolve("empty")).toString(), url));
  }
}
