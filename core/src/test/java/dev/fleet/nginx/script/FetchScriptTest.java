package dev.fleet.nginx.script;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.fleet.nginx.step.ElfMachine;
import java.io.File;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * fetch.sh and elfcheck.sh run by the local sh as stage.sh runs them, against a real HTTP server
 * on 127.0.0.1; with curl, with wget alone (a PATH without curl), and with neither.
 */
class FetchScriptTest {
  private static final byte[] CONTENT = "the new binary\n".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;
  private HttpServer server;
  private final Map<String, String> headersSeen = new ConcurrentHashMap<>();

  @BeforeEach
  void serve() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/nginx", exchange -> {
      headersSeen.put("authorization", String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
      exchange.sendResponseHeaders(200, CONTENT.length);
      exchange.getResponseBody().write(CONTENT);
      exchange.close();
    });
    server.createContext("/missing", exchange -> {
      exchange.sendResponseHeaders(404, -1);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** A PATH holding only {@code tools}, as links to the machine's own. */
  private String pathWith(String... tools) throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin-" + String.join("-", tools).hashCode()));
    for (String tool : tools) {
      for (String from : List.of("/usr/bin/", "/bin/")) {
        Path real = Path.of(from + tool);
        if (Files.exists(real) && !Files.exists(bin.resolve(tool))) {
          Files.createSymbolicLink(bin.resolve(tool), real);
        }
      }
    }
    return bin.toString();
  }

  private static final String[] BASICS = {"awk", "grep", "head", "mktemp", "rm", "cat"};

  private record Run(int status, String err) {}

  private Run fetch(String path, String url, String stdin) throws Exception {
    String script = "fetch() {\n" + Scripts.load("fetch.sh") + "}\nfetch \"$1\" \"$2\"\n";
    ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", script, "fetch-test", url, dir.resolve("out").toString());
    builder.environment().put("PATH", path);
    Process p = builder.start();
    p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "fetch.sh did not end");
    return new Run(p.exitValue(), err.strip());
  }

  private String with(String client) throws Exception {
    List<String> tools = new ArrayList<>(List.of(BASICS));
    tools.add(client);
    return pathWith(tools.toArray(String[]::new));
  }

  @ParameterizedTest
  @ValueSource(strings = {"curl", "wget"})
  void downloadsTheFileAndSendsTheHeaderFromStdin(String client) throws Exception {
    Run run = fetch(with(client), url("/nginx"), "Authorization: Bearer t0k3n\n");

    assertEquals(new Run(0, ""), run);
    assertArrayEquals(CONTENT, Files.readAllBytes(dir.resolve("out")));
    assertEquals("Bearer t0k3n", headersSeen.get("authorization"));
    assertEquals(List.of("out"), List.of(dir.toFile().list((d, n) -> !n.startsWith("bin-"))), "wget's header file is gone");
  }

  @ParameterizedTest
  @ValueSource(strings = {"curl", "wget"})
  void withoutAHeaderNoneIsSent(String client) throws Exception {
    assertEquals(0, fetch(with(client), url("/nginx"), "").status());
    assertEquals("null", headersSeen.get("authorization"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"curl", "wget"})
  void anHttpErrorNamesTheUrlAndTheStatus(String client) throws Exception {
    Run run = fetch(with(client), url("/missing"), "");
    assertEquals(new Run(3, "could not download " + url("/missing") + ": HTTP status 404"), run);
  }

  @ParameterizedTest
  @ValueSource(strings = {"curl", "wget"})
  void anUnreachableServerNamesTheUrlAndWhatTheClientSaid(String client) throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + closed + "/nginx";
    Run run = fetch(with(client), url, "");
    assertEquals(3, run.status(), run.err());
    assertTrue(run.err().startsWith("could not download " + url + ": "), run.err());
    assertFalse(run.err().endsWith(": "), "the client's own words follow: " + run.err());
  }

  @Test
  void withNeitherClientItSaysSo() throws Exception {
    Run run = fetch(pathWith(BASICS), url("/nginx"), "");
    assertEquals(new Run(4, "neither curl nor wget is installed on the host to download " + url("/nginx")), run);
  }

  private Run elfcheck(Path file, String machines) throws Exception {
    String script = "elfcheck() {\n" + Scripts.load("elfcheck.sh") + "}\nwhy=$(elfcheck \"$1\" \"$2\") || { echo \"$why\" >&2; exit 1; }\n";
    Process p = new ProcessBuilder("/bin/sh", "-c", script, "elf-test", file.toString(), machines).start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(10, TimeUnit.SECONDS));
    return new Run(p.exitValue(), err.strip());
  }

  @Test
  void theElfCheckTakesTheHostsMachinesAndScripts() throws Exception {
    Path nginx = Path.of("/usr/sbin/nginx");
    String here = ElfMachine.machinesFor(System.getProperty("os.arch").replace("amd64", "x86_64"));
    assertFalse(here.isEmpty());
    assertEquals(new Run(0, ""), elfcheck(nginx, here));
    Run other = elfcheck(nginx, "183");
    assertEquals(1, other.status());
    assertTrue(other.err().startsWith("is built for ELF machine " + here + ", not for this host's "), other.err());
    Path script = Files.writeString(dir.resolve("wrapper"), "#!/bin/sh\nexec /usr/sbin/nginx \"$@\"\n");
    assertEquals(0, elfcheck(script, "183").status());
    Path text = Files.writeString(dir.resolve("text"), "not a program at all, but long enough\n");
    assertEquals(new Run(1, "is neither an ELF executable nor a #! script"), elfcheck(text, here));
    assertEquals(new Run(1, "is neither an ELF executable nor a #! script"), elfcheck(Files.writeString(dir.resolve("tiny"), "x"), here));
  }

  @Test
  void machinesForNamesTheNumbersOfAnArchitecture() {
    assertEquals("62", ElfMachine.machinesFor("x86_64"));
    assertEquals("183", ElfMachine.machinesFor("aarch64"));
    assertEquals("", ElfMachine.machinesFor("vax"));
    assertTrue(new File("/usr/sbin/nginx").exists());
  }
}
