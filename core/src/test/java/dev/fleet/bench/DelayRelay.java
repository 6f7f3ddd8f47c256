package dev.fleet.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A TCP relay that holds every chunk for half a round trip in each direction before passing it
 * on: a network with latency, since this kernel has no netem. Chunks keep their order and do
 * not wait for each other (each one is due {@code oneWay} after it arrived), so throughput is
 * the relay's, not one chunk per delay. Listens on {@code listenAddress:listenPort} and relays
 * to {@code target:targetPort}; for benchmarks only.
 */
final class DelayRelay implements AutoCloseable {
  private record Chunk(long dueNanos, byte[] bytes) {}

  private static final Chunk END = new Chunk(0, new byte[0]);

  private final ServerSocket listener;
  private final String target;
  private final int targetPort;
  private final long oneWayNanos;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  DelayRelay(String listenAddress, int listenPort, String target, int targetPort, long rttMillis)
      throws IOException {
    this.target = target;
    this.targetPort = targetPort;
    this.oneWayNanos = rttMillis * 1_000_000 / 2;
    this.listener = new ServerSocket();
    listener.setReuseAddress(true);
    listener.bind(new InetSocketAddress(InetAddress.getByName(listenAddress), listenPort), 512);
    daemon(this::acceptLoop);
  }

  private void acceptLoop() {
    try {
      while (true) {
        Socket client = listener.accept();
        Socket server;
        try {
          server = new Socket(target, targetPort);
        } catch (IOException refused) {
          client.close();
          continue;
        }
        client.setTcpNoDelay(true);
        server.setTcpNoDelay(true);
        sockets.add(client);
        sockets.add(server);
        java.util.concurrent.atomic.AtomicInteger open = new java.util.concurrent.atomic.AtomicInteger(2);
        relay(client, server, open);
        relay(server, client, open);
      }
    } catch (IOException closed) {
      // the relay was closed
    }
  }

  /** One direction: a reader stamps each chunk with its due time, a writer sends it then. */
  private void relay(Socket from, Socket to, java.util.concurrent.atomic.AtomicInteger open) {
    BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
    daemon(() -> {
      byte[] buf = new byte[32 * 1024];
      try (InputStream in = from.getInputStream()) {
        for (int n; (n = in.read(buf)) >= 0; ) {
          queue.add(new Chunk(System.nanoTime() + oneWayNanos, java.util.Arrays.copyOf(buf, n)));
        }
      } catch (IOException closed) {
        // the peer closed or reset
      }
      queue.add(END);
    });
    daemon(() -> {
      try (OutputStream out = to.getOutputStream()) {
        for (Chunk c; (c = queue.take()) != END; ) {
          long wait = c.dueNanos() - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          }
          out.write(c.bytes());
        }
        to.shutdownOutput();
      } catch (IOException | InterruptedException closed) {
        open.set(1); // one direction broke: end both
      }
      if (open.decrementAndGet() <= 0) {
        closeQuietly(to);
        closeQuietly(from);
        sockets.remove(to);
        sockets.remove(from);
      }
    });
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  private static void daemon(Runnable r) {
    Thread t = new Thread(r, "delay-relay");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    listener.close();
    sockets.forEach(DelayRelay::closeQuietly);
  }
}
