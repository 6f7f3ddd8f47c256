package dev.fleet.examples;

import dev.fleet.testing.RealHaproxy;
import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * Idle client connections through a TCP-mode HAProxy, opened until one of them is a session on
 * the given server; they hold it until closed.
 */
final class HeldSessions implements AutoCloseable {
  private final List<Socket> sockets = new ArrayList<>();

  private HeldSessions() {}

  static HeldSessions on(RealHaproxy haproxy, String server) throws Exception {
    HeldSessions held = new HeldSessions();
    try {
      while (haproxy.currentSessions(server) == 0) {
        if (held.sockets.size() >= 8) {
          throw new AssertionError("round robin never gave " + server + " a session");
        }
        held.sockets.add(new Socket("127.0.0.1", haproxy.port()));
        int open = held.sockets.size();
        HaproxyDrainScriptTest.await(() -> haproxy.totalCurrentSessions() >= open);
      }
      return held;
    } catch (Exception | AssertionError e) {
      held.close();
      throw e;
    }
  }

  @Override
  public void close() throws IOException {
    for (Socket socket : sockets) {
      socket.close();
    }
    sockets.clear();
  }
}
