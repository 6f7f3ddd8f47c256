package dev.fleet.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A zero-downtime probe: a few threads keep sending GET requests to a list of URLs, each on a new
 * TCP connection, so a listening socket handed over badly during an upgrade shows up as a refused
 * or reset connection. Loopback URLs only. Stops itself after {@code maxDuration}.
 */
public final class HttpLoad {
  private final List<URI> urls;
  private final HttpLoadOptions options;
  private final Map<URI, UrlCounter> counters = new LinkedHashMap<>();
  private final AtomicBoolean running = new AtomicBoolean();
  private final List<Thread> threads = new ArrayList<>();
  private long startedNanos;
  private long stoppedNanos;

  public HttpLoad(List<URI> urls, HttpLoadOptions options) {
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("HttpLoad needs at least one URL");
    }
    urls.forEach(HttpLoad::requireLoopbackHttp);
    this.urls = List.copyOf(urls);
    this.options = options;
    this.urls.forEach(url -> counters.put(url, new UrlCounter(options.keptFailures())));
  }

  public HttpLoad(List<URI> urls) {
    this(urls, HttpLoadOptions.defaults());
  }

  /** Starts the threads; returns at once. */
  public synchronized HttpLoad start() {
    if (!running.compareAndSet(false, true)) {
      throw new IllegalStateException("HttpLoad already started");
    }
    startedNanos = System.nanoTime();
    long deadline = startedNanos + options.maxDuration().toNanos();
    for (int i = 0; i < options.threads(); i++) {
      int offset = i; // threads start on different URLs so every URL is probed from the first moment
      Thread thread = new Thread(() -> loop(offset, deadline), "http-load-" + i);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
    return this;
  }

  /** Whether any thread still sends: false after stop() and after the maximum duration. */
  public boolean isRunning() {
    return threads.stream().anyMatch(Thread::isAlive);
  }

  /** Stops the threads, waits for their last requests, and returns what they saw. */
  public synchronized HttpLoadStats stop() {
    running.set(false);
    for (Thread thread : threads) {
      try {
        thread.join(options.timeout().toMillis() * 2 + 1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (stoppedNanos == 0) {
      stoppedNanos = System.nanoTime();
    }
    return stats(stoppedNanos);
  }

  /** What the load has seen so far, without stopping it: a test waits for counts, not a sleep. */
  HttpLoadStats sofar() {
    return stats(System.nanoTime());
  }

  private HttpLoadStats stats(long until) {
    Map<URI, HttpLoadStats.UrlStats> perUrl = new LinkedHashMap<>();
    counters.forEach((url, counter) -> perUrl.put(url, counter.snapshot()));
    return new HttpLoadStats(Duration.ofNanos(until - startedNanos), perUrl);
  }

  private void loop(int offset, long deadline) {
    for (int n = offset; running.get() && System.nanoTime() < deadline; n++) {
      URI url = urls.get(n % urls.size());
      String failure = request(url);
      counters.get(url).record(failure);
      pause();
    }
  }

  /** One GET on a fresh connection; null when it answered 2xx, else why not. */
  private String request(URI url) {
    int timeout = (int) options.timeout().toMillis();
    int port = url.getPort() == -1 ? 80 : url.getPort();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(url.getHost(), port), timeout);
      socket.setSoTimeout(timeout);
      String path = url.getRawPath().isEmpty() ? "/" : url.getRawPath();
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: " + url.getHost() + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      String statusLine = response.lines().findFirst().orElse("");
      if (statusLine.matches("HTTP/1\\.[01] 2\\d\\d.*")) {
        return null;
      }
      return statusLine.isEmpty() ? "empty response" : statusLine;
    } catch (IOException e) {
      return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
  }

  private void pause() {
    try {
      Thread.sleep(options.pause().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running.set(false);
    }
  }

  /** A probe aimed elsewhere would load someone else's server; refuse anything not on loopback. */
  private static void requireLoopbackHttp(URI url) {
    if (!"http".equals(url.getScheme()) || url.getHost() == null) {
      throw new IllegalArgumentException("HttpLoad speaks plain http only: " + url);
    }
    try {
      if (!InetAddress.getByName(url.getHost()).isLoopbackAddress()) {
        throw new IllegalArgumentException("HttpLoad only targets loopback addresses, not " + url);
      }
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("HttpLoad cannot resolve " + url, e);
    }
  }

  /** Thread-safe counts for one URL. */
  private static final class UrlCounter {
    private final int keptFailures;
    private final List<String> firstFailures = new ArrayList<>();
    private long sent;
    private long ok;

    UrlCounter(int keptFailures) {
      this.keptFailures = keptFailures;
    }

    synchronized void record(String failure) {
      sent++;
      if (failure == null) {
        ok++;
      } else if (firstFailures.size() < keptFailures) {
        firstFailures.add(failure);
      }
    }

    synchronized HttpLoadStats.UrlStats snapshot() {
      return new HttpLoadStats.UrlStats(sent, ok, sent - ok, firstFailures);
    }
  }
}
