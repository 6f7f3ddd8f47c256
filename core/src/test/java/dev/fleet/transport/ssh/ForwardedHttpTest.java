package dev.fleet.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.fleet.transport.Connection;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.server.forward.AcceptAllForwardingFilter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The health check's GET from the host over the SSH connection (direct-tcpip): against a real
 * HTTP server behind an in-process SSH server that forwards, and one that refuses as OpenSSH's
 * {@code AllowTcpForwarding no} does.
 */
class ForwardedHttpTest {
  /** Fails a hang only: every answer below comes, or is known never to come, well before it. */
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir static Path dir;
  static ServedHost forwarding;
  static ServedHost refusing;
  static HttpServer http;
  static final BlockingQueue<String> asked = new ArrayBlockingQueue<>(16);

  @BeforeAll
  static void start() throws Exception {
    forwarding = ServedHost.start(Files.createDirectories(dir.resolve("forwarding")), null);
    forwarding.server.sshd.setForwardingFilter(AcceptAllForwardingFilter.INSTANCE);
    refusing = ServedHost.start(Files.createDirectories(dir.resolve("refusing")), null);
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/", exchange -> {
      asked.offer(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " Host: "
          + exchange.getRequestHeaders().getFirst("Host"));
      int status = exchange.getRequestURI().getPath().equals("/down") ? 503 : 200;
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    http.start();
  }

  @AfterAll
  static void stop() throws Exception {
    http.stop(0);
    forwarding.close();
    refusing.close();
  }

  private static String url(String path) {
    return "http://127.0.0.1:" + http.getAddress().getPort() + path;
  }

  @Test
  void theStatusComesFromTheServerTheHostReaches() throws Exception {
    asked.clear();
    try (Connection c = forwarding.connect()) {
      assertEquals(OptionalInt.of(200), c.startHttpAsk(url("/up?x=1"), WAIT).await());
      assertEquals("GET /up?x=1 Host: 127.0.0.1:" + http.getAddress().getPort(), asked.poll(30, TimeUnit.SECONDS));
      assertEquals(OptionalInt.of(503), c.startHttpAsk(url("/down"), WAIT).await());
      assertTrue(c.mayAskHttp());
    }
  }

  @Test
  void aHostThatDoesNotForwardLeavesTheAskToTheHostAndIsNotAskedAgain() throws Exception {
    try (Connection c = refusing.connect()) {
      assertTrue(c.mayAskHttp(), "nothing is known before the first ask");
      assertEquals(OptionalInt.empty(), c.startHttpAsk(url("/up"), WAIT).await());
      assertFalse(c.mayAskHttp());
      assertEquals(OptionalInt.empty(), c.startHttpAsk(url("/up"), WAIT).await());
    }
  }

  @Test
  void httpsIsLeftToTheHost() throws Exception {
    try (Connection c = forwarding.connect()) {
      assertEquals(OptionalInt.empty(), c.startHttpAsk("https://127.0.0.1:" + http.getAddress().getPort() + "/", WAIT).await());
      assertTrue(c.mayAskHttp(), "https says nothing of what the host forwards");
    }
  }

  @Test
  void nothingListeningIsNoHttpAnswer() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      closed = s.getLocalPort();
    }
    try (Connection c = forwarding.connect()) {
      assertEquals(OptionalInt.of(0), c.startHttpAsk("http://127.0.0.1:" + closed + "/", WAIT).await());
      assertTrue(c.mayAskHttp(), "a refused connect is the address's answer, not the host's refusal");
    }
  }

  @Test
  void aServiceThatIsNotHttpIsNoHttpAnswer() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"));
        Connection c = forwarding.connect()) {
      Thread greeter = new Thread(() -> {
        try (Socket peer = s.accept(); OutputStream out = peer.getOutputStream()) {
          out.write("SSH-2.0-OpenSSH_9.2\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
          peer.getInputStream().read();
        } catch (IOException ignored) {
          // the test closes it
        }
      });
      greeter.start();
      assertEquals(OptionalInt.of(0), c.startHttpAsk("http://127.0.0.1:" + s.getLocalPort() + "/", WAIT).await());
    }
  }

  @Test
  void aServerThatNeverAnswersIsNoHttpAnswerWhenTheWaitEnds() throws Exception {
    CountDownLatch accepted = new CountDownLatch(1);
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"));
        Connection c = forwarding.connect()) {
      Thread silent = new Thread(() -> {
        try (Socket peer = s.accept()) {
          accepted.countDown();
          while (peer.getInputStream().read() >= 0) {
            // reads the GET and answers nothing, until fleet closes the connection
          }
        } catch (IOException ignored) {
          // the test closes it
        }
      });
      silent.start();
      // Whatever the wait, nothing ever answers: the result cannot depend on the machine's speed.
      assertEquals(OptionalInt.of(0), c.startHttpAsk("http://127.0.0.1:" + s.getLocalPort() + "/", Duration.ofSeconds(2)).await());
      assertTrue(accepted.await(30, TimeUnit.SECONDS), "the connection was made from the server's side");
      assertEquals(OptionalInt.of(200), c.startHttpAsk(url("/up"), WAIT).await(), "the connection is still usable");
    }
  }

  @Test
  void statusLines() {
    assertEquals(200, ForwardedHttp.statusOf("HTTP/1.1 200 OK\r"));
    assertEquals(404, ForwardedHttp.statusOf("HTTP/1.0 404"));
    assertEquals(301, ForwardedHttp.statusOf("HTTP/2 301 Moved"));
    assertEquals(0, ForwardedHttp.statusOf("SSH-2.0-OpenSSH_9.2\r"));
    assertEquals(0, ForwardedHttp.statusOf("HTTP/1.1 20 short"));
  }
}
