package dev.fleet.transport.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.sshd.client.channel.ChannelDirectTcpip;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelListener;
import org.apache.sshd.common.channel.exception.SshChannelOpenException;
import org.apache.sshd.common.util.net.SshdSocketAddress;

/**
 * Asks a plain-HTTP URL from the host itself with no process on it: the host's sshd opens the
 * TCP connection (a direct-tcpip channel, what {@code ssh -W} uses), fleet sends one GET through
 * it and reads the status line. curl did the same from a request's shell, and curl was the
 * costliest exec of a host's upgrade (22 ms of the host's CPU here, twice per host). The name in the URL is resolved by the host's sshd, the
 * connection comes from the host: what the URL answers is what curl on the host got.
 *
 * <p>A host whose sshd does not forward TCP for this login ({@code AllowTcpForwarding no}, a
 * {@code PermitOpen} that leaves the address out, {@code DisableForwarding}) refuses the channel
 * as administratively prohibited: that is remembered for the connection, and the host's curl or
 * wget asks from then on. HTTPS is left to them too.
 */
final class ForwardedHttp {
  /** The originator sshd is told of: informational only, and a lookup of our own name costs. */
  private static final SshdSocketAddress ORIGIN = new SshdSocketAddress("127.0.0.1", 0);
  /** A status line longer than this is not HTTP. */
  private static final int MAX_STATUS_LINE = 8192;
  private static final Pattern STATUS = Pattern.compile("HTTP/\\d(?:\\.\\d)? (\\d{3})(?: .*)?");

  private final ClientSession session;
  /** The host refused a direct-tcpip channel once: it will again. */
  private final AtomicBoolean refused = new AtomicBoolean();

  ForwardedHttp(ClientSession session) {
    this.session = session;
  }

  /** False once the host refused: no URL is asked this way on this connection again. */
  boolean mayAsk() {
    return !refused.get();
  }

  /** What to open and what to send: only for http:// URLs with a host. */
  record Target(String host, int port, String request) {
    static Optional<Target> of(String url) {
      URI uri;
      try {
        uri = new URI(url);
      } catch (URISyntaxException e) {
        return Optional.empty();
      }
      if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getRawUserInfo() != null) {
        return Optional.empty();
      }
      String host = uri.getHost();
      // An IPv6 literal travels to sshd without its brackets; the Host header keeps them.
      String address = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
      int port = uri.getPort() < 0 ? 80 : uri.getPort();
      String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
      if (uri.getRawQuery() != null) {
        path = path + "?" + uri.getRawQuery();
      }
      String authority = uri.getPort() < 0 ? host : host + ":" + port;
      // HTTP/1.1 as curl asks; Connection: close, so nginx ends it when fleet has read enough.
      String request = "GET " + path + " HTTP/1.1\r\nHost: " + authority
          + "\r\nUser-Agent: fleet\r\nAccept: */*\r\nConnection: close\r\n\r\n";
      return Optional.of(new Target(address, port, request));
    }
  }

  /**
   * Starts asking {@code url}: the channel opens and the GET goes while the caller does other
   * work (a request of its own, say), and {@link Pending#await} gives the status: 0 when no HTTP
   * answer came within {@code within} of the start (refused, unreachable, timed out, not HTTP),
   * as curl's 000; empty when this connection cannot ask it (not plain http, or the host does not
   * forward).
   */
  Pending start(String url, Duration within) throws IOException {
    long deadline = System.nanoTime() + within.toNanos();
    Optional<Target> target = Target.of(url);
    if (target.isEmpty() || refused.get()) {
      return new Pending(null, CompletableFuture.completedFuture(OptionalInt.empty()), deadline);
    }
    CompletableFuture<OptionalInt> result = new CompletableFuture<>();
    StatusLine line = new StatusLine();
    line.status.thenAccept(status -> result.complete(OptionalInt.of(status)));
    ChannelDirectTcpip channel =
        session.createDirectTcpipChannel(ORIGIN, new SshdSocketAddress(target.get().host(), target.get().port()));
    channel.setOut(line);
    // Set once the channel is open: a channel refused is closed too, and its close must not be
    // read as an open connection that gave no answer before the refusal is read.
    AtomicBoolean wasOpen = new AtomicBoolean();
    channel.addChannelListener(
        new ChannelListener() {
          @Override
          public void channelClosed(Channel c, Throwable reason) {
            if (wasOpen.get()) {
              line.close(); // closed before a whole line came: no HTTP answer
            }
          }
        });
    Pending pending = new Pending(channel, result, deadline);
    channel.open().addListener(opened -> {
      if (opened.isOpened()) {
        wasOpen.set(true);
        if (!channel.isOpen()) {
          line.close(); // it closed before this listener ran
          return;
        }
        try {
          OutputStream toHost = channel.getInvertedIn();
          toHost.write(target.get().request().getBytes(StandardCharsets.US_ASCII));
          toHost.flush();
        } catch (IOException e) {
          result.complete(OptionalInt.of(0)); // the host closed it at once
        }
        return;
      }
      // The host's refusal, wrapped or not; OpenSSH refuses as prohibited, and a server without
      // TCP forwarding knows no such channel.
      Optional<SshChannelOpenException> refusal = refusal(opened.getException());
      int reason = refusal.map(SshChannelOpenException::getReasonCode).orElse(-1);
      if (reason == SshConstants.SSH_OPEN_ADMINISTRATIVELY_PROHIBITED
          || reason == SshConstants.SSH_OPEN_UNKNOWN_CHANNEL_TYPE) {
        refused.set(true);
        result.complete(OptionalInt.empty());
      } else if (refusal.isPresent() || (session.isOpen() && !session.isClosing())) {
        result.complete(OptionalInt.of(0)); // the host's connect failed: refused, unreachable, unknown name
      } else {
        result.completeExceptionally(
            opened.getException() != null ? opened.getException() : new IOException("the session closed"));
      }
    });
    return pending;
  }

  /** An ask under way. */
  static final class Pending {
    private final ChannelDirectTcpip channel;
    private final CompletableFuture<OptionalInt> result;
    private final long deadline;

    private Pending(ChannelDirectTcpip channel, CompletableFuture<OptionalInt> result, long deadline) {
      this.channel = channel;
      this.result = result;
      this.deadline = deadline;
    }

    /** The status (see {@link #start}); throws when the session was lost meanwhile. */
    OptionalInt await() throws IOException, InterruptedException {
      try {
        return result.get(Math.max(deadline - System.nanoTime(), 0), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        return OptionalInt.of(0); // no whole line within the wait
      } catch (ExecutionException e) {
        throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
      } finally {
        if (channel != null) {
          // The first line is all fleet reads: the rest of the answer is not waited for.
          channel.close(true);
        }
      }
    }
  }

  /** The status of a status line without its line feed (a carriage return is stripped here). */
  static int statusOf(String line) {
    Matcher m = STATUS.matcher(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
    return m.matches() ? Integer.parseInt(m.group(1)) : 0;
  }

  private static Optional<SshChannelOpenException> refusal(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SshChannelOpenException open) {
        return Optional.of(open);
      }
    }
    return Optional.empty();
  }

  /** Collects what the host sends until the first line, then completes with its status (0: not HTTP). */
  private static final class StatusLine extends OutputStream {
    final CompletableFuture<Integer> status = new CompletableFuture<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] data, int offset, int length) {
      if (status.isDone()) {
        return;
      }
      for (int i = offset; i < offset + length; i++) {
        if (data[i] == '\n') {
          bytes.write(data, offset, i - offset);
          status.complete(statusOf(bytes.toString(StandardCharsets.ISO_8859_1)));
          return;
        }
      }
      bytes.write(data, offset, length);
      if (bytes.size() > MAX_STATUS_LINE) {
        status.complete(0);
      }
    }

    @Override
    public void close() {
      status.complete(0); // a no-op once the line came
    }
  }
}
