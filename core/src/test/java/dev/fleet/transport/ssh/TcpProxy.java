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
 * A loopback TCP relay a test can cut (connection reset), have cut itself after so many bytes,
 * freeze (a peer that went dead) or take down for a number of connects (an outage: each is reset
 * at once, then it heals by itself).
 */
public final class TcpProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final String targetAddress;
  private final int target;
  private final java.util.concurrent.atomic.AtomicInteger refusing = new java.util.concurrent.atomic.AtomicInteger();
  /** Connects reset during outages so far. */
  public final java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  final AtomicLong upstreamBytes = new AtomicLong();
  private volatile boolean frozen;
  private volatile long cutAtUpstream = Long.MAX_VALUE;

  TcpProxy(int targetPort) throws IOException {
    this("127.0.0.1", targetPort);
  }

  public TcpProxy(String targetAddress, int targetPort) throws IOException {
    this.targetAddress = targetAddress;
    this.target = targetPort;
    this.listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    daemon(this::acceptLoop);
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** Stops relaying but keeps both sockets open: nothing arrives, nothing fails. */
  void freeze() {
    frozen = true;
  }

  /**
   * An outage: every relayed connection is cut, and the next {@code connects} are reset as they
   * arrive; the one after them is relayed again. The relay heals itself, so no test waits on a clock.
   */
  public void outageFor(int connects) {
    refusing.set(connects);
    cut();
  }

  /** An outage the test ends: every connection is cut and each new one reset, until {@link #up}. */
  public void down() {
    outageFor(Integer.MAX_VALUE);
  }

  /** The network is back: connects are relayed again. */
  public void up() {
    refusing.set(0);
  }

  /**
   * Cuts every connection as soon as {@code bytes} more have been relayed towards the target:
   * the relay itself cuts, so the point of the cut is a byte count, never a moment.
   */
  void cutAfterUpstream(long bytes) {
    cutAtUpstream = upstreamBytes.get() + bytes;
  }

  /** Closes every relayed connection at once. */
  public void cut() {
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
        if (refusing.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          refused.incrementAndGet();
          client.setSoLinger(true, 0);
          client.close();
          continue;
        }
        Socket server = new Socket(targetAddress, target);
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
