package dev.fleet.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.testing.RealFleet;
import dev.fleet.testing.RealFleetTest;
import dev.fleet.testing.RealHaproxy;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * inventory-examples/hooks/haproxy-drain.sh against a real HAProxy in front of two real sandbox
 * hosts, run as fleet runs a hook. HAProxy is in TCP mode here so that a client connection the
 * test keeps open is a server session the drain has to wait for.
 */
@RealFleetTest
class HaproxyDrainScriptTest {
  @RegisterExtension static final RealFleet fleet = RealFleet.withHosts(2);

  private static final HookScript DRAIN = HookScript.named("haproxy-drain.sh");
  private static RealHaproxy haproxy;
  private HeldSessions held;

  @BeforeAll
  static void startHaproxy() throws IOException {
    haproxy = RealHaproxy.inFrontOf(fleet.sandbox().dir().resolve("haproxy"), fleet.hosts(), "tcp");
  }

  @AfterAll
  static void stopHaproxy() throws Exception {
    if (haproxy != null) {
      haproxy.close();
    }
  }

  @BeforeEach
  void everyServerReady() throws IOException {
    for (String server : List.of("web1", "web2")) {
      haproxy.api("set server web/" + server + " state ready");
    }
  }

  @AfterEach
  void releaseSessions() throws IOException {
    if (held != null) {
      held.close();
    }
  }

  @Test
  void drainWaitsForTheOpenSessionAndSendsNothingNewThenReadyTakesTrafficAgain() throws Exception {
    holdASessionOn("web1");

    HookScript.Running drain = DRAIN.start(env("web1", Map.of("HAPROXY_DRAIN_TIMEOUT", "120")), "drain");
    await(() -> haproxy.status("web1").startsWith("DRAIN"));
    // The session the test holds is still open, so drain cannot be done.
    assertTrue(drain.isAlive(), "drain returned while web1 still had a session");
    assertEquals(List.of("web2", "web2", "web2", "web2"), answers(4), "a draining server gets no new connection");
    releaseSessions();
    HookScript.Result drained = drain.await();
    assertEquals(0, drained.exit(), drained.toString());
    assertTrue(drained.stdout().contains("web/web1 drained"), drained.toString());
    assertEquals(0, haproxy.currentSessions("web1"));

    HookScript.Result ready = DRAIN.run(env("web1", Map.of("FLEET_RESULT", "upgraded")), "ready");
    assertEquals(0, ready.exit(), ready.toString());
    assertFalse(haproxy.status("web1").startsWith("DRAIN"), haproxy.status("web1"));
    assertTrue(answers(4).contains("web1"), "web1 takes connections again");
  }

  @Test
  void aDrainPastItsTimeoutFailsClearlyAndPutsTheServerBack() throws Exception {
    holdASessionOn("web1");

    HookScript.Result drain = DRAIN.run(env("web1", Map.of("HAPROXY_DRAIN_TIMEOUT", "1")), "drain");

    assertEquals(1, drain.exit(), drain.toString());
    assertTrue(drain.stderr().contains("web/web1 still had 1 session(s) after 1s of draining; set back to ready"), drain.toString());
    assertFalse(haproxy.status("web1").startsWith("DRAIN"), haproxy.status("web1"));
  }

  @Test
  void aHostThatNeedsAttentionStaysDrained() throws Exception {
    assertEquals(0, DRAIN.run(env("web2", Map.of()), "drain").exit());

    HookScript.Result ready = DRAIN.run(env("web2", Map.of("FLEET_RESULT", "needs-attention")), "ready");

    assertEquals(0, ready.exit(), ready.toString());
    assertTrue(ready.stderr().contains("web/web2 left drained: fleet says web2 needs attention"), ready.toString());
    assertTrue(haproxy.status("web2").startsWith("DRAIN"), haproxy.status("web2"));
  }

  @Test
  void aServerMapNamesTheBackendAndServerOfAHost() throws Exception {
    Path map = Files.writeString(fleet.sandbox().dir().resolve("haproxy/servers.map"), "# host server\nweb-eu-1 web/web2\n");

    HookScript.Result drain = DRAIN.run(env("web-eu-1", Map.of("HAPROXY_SERVER_MAP", map.toString())), "drain");

    assertEquals(0, drain.exit(), drain.toString());
    assertTrue(haproxy.status("web2").startsWith("DRAIN"), haproxy.status("web2"));
    assertFalse(haproxy.status("web1").startsWith("DRAIN"), haproxy.status("web1"));
  }

  @Test
  void hostNamesWithShellOrRuntimeApiSyntaxChangeNothing() throws Exception {
    Path witness = fleet.sandbox().dir().resolve("haproxy/witness");
    for (String name : List.of("web1;set server web/web2 state maint", "$(touch " + witness + ")", "web1\nshow info", "`touch " + witness + "`")) {
      HookScript.Result drain = DRAIN.run(env(name, Map.of()), "drain");
      assertEquals(2, drain.exit(), drain.toString());
      assertTrue(drain.stderr().contains("has characters HAProxy names cannot have"), drain.toString());
    }
    assertFalse(Files.exists(witness), "no command ran");
    for (String server : List.of("web1", "web2")) {
      assertFalse(haproxy.status(server).startsWith("DRAIN") || haproxy.status(server).startsWith("MAINT"), server);
    }
  }

  @Test
  void anUnknownServerFailsNamingTheBackend() throws Exception {
    HookScript.Result drain = DRAIN.run(env("web9", Map.of()), "drain");

    assertEquals(1, drain.exit(), drain.toString());
    assertTrue(drain.stderr().contains("web/web9: no such server in HAProxy's show stat"), drain.toString());
  }

  private static Map<String, String> env(String host, Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(extra);
    env.put("FLEET_HOST", host);
    env.put("FLEET_ADDRESS", "127.0.0.1");
    env.put("HAPROXY_SOCKET", haproxy.socket().toString());
    env.put("HAPROXY_BACKEND", RealHaproxy.BACKEND);
    return env;
  }

  private void holdASessionOn(String server) throws Exception {
    held = HeldSessions.on(haproxy, server);
  }

  /** The host names that answer {@code n} requests through HAProxy (each host answers its name). */
  private static List<String> answers(int n) throws IOException {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", haproxy.port()), 5000);
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: lb\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        String[] lines = response.strip().split("\r?\n");
        names.add(lines[lines.length - 1].strip());
      }
    }
    return names;
  }

  /** Polls a condition the test controls; two minutes is a hang guard, not a timing assumption. */
  static void await(Callable<Boolean> condition) throws Exception {
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (!condition.call()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not reached within 2 minutes");
      }
      Thread.sleep(20);
    }
  }
}
