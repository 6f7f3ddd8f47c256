package dev.fleet.transport.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP relay a test can cut (connection reset), have cut itself after so many bytes, or
 * freeze (a peer that went dead).
 */
final class TcpProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final int target;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  final AtomicLong upstreamBytes = new AtomicLong();
  private volatile boolean frozen;
  private volatile long cutAtUpstream = Long.MAX_VALUE;

  TcpProxy(int targetPort) throws IOException {
    this.target = targetPort;
    this.listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    daemon(this::acceptLoop);
  }

  int port() {
    return listener.getLocalPort();
  }

  /** Stops relaying but keeps both sockets open: nothing arrives, nothing fails. */
  void freeze() {
    frozen = true;
  }

  /**
   * Cuts every connection as soon as {@code bytes} more have been relayed towards the target:
   * the relay itself cuts, so the point of the cut is a byte count, never a moment.
   */
  void cutAfterUpstream(long bytes) {
    cutAtUpstream = upstreamBytes.get() + bytes;
  }

  /** Closes every relayed connection at once. */
  void cut() {
    for (Socket s : sockets) {
      try {
        s.setSoLinger(true, 0);
        s.close();
      } catch (IOException alreadyClosed) {
        // nothing to cut
      }
    }
  }

  private void acceptLoop() {
    try {
      while (true) {
        Socket client = listener.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
        sockets.add(client);
        sockets.add(server);
        daemon(() -> pump(client, server, true));
        daemon(() -> pump(server, client, false));
      }
    } catch (IOException closed) {
      // proxy closed
    }
  }

  private void pump(Socket from, Socket to, boolean upstream) {
    byte[] buf = new byte[16 * 1024];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      for (int n; (n = in.read(buf)) >= 0; ) {
        while (frozen) {
          Thread.sleep(50);
        }
        out.write(buf, 0, n);
        if (upstream && upstreamBytes.addAndGet(n) >= cutAtUpstream) {
          cut();
        }
      }
    } catch (IOException | InterruptedException e) {
      // cut or closed
    }
  }

  private static void daemon(Runnable r) {
    Thread t = new Thread(r, "tcp-proxy");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    listener.close();
    cut();
  }
}
