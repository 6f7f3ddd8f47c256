package dev.fleet.sandbox;

import java.time.Duration;

/**
 * How hard and how long an {@link HttpLoad} probes.
 *
 * @param threads concurrent requesters
 * @param timeout connect and read timeout of one request
 * @param pause each thread's wait between requests, so the probe does not starve the machine
 * @param maxDuration the load stops by itself after this, in case nobody calls stop()
 * @param keptFailures how many failure reasons to keep per URL
 */
public record HttpLoadOptions(
    int threads, Duration timeout, Duration pause, Duration maxDuration, int keptFailures) {

  public HttpLoadOptions {
    if (threads < 1) {
      throw new IllegalArgumentException("HttpLoad needs at least one thread");
    }
  }

  /**
   * 3 threads, 20 s timeouts, 5 ms pauses, stops after 5 minutes, keeps 5 reasons. A dropped
   * request shows as a refused or reset connection at once; the timeout only catches one nobody
   * ever answers, so it is long enough that a machine busy with other work (an answer taking a
   * few seconds) is never counted as a failure.
   */
  public static HttpLoadOptions defaults() {
    return new HttpLoadOptions(3, Duration.ofSeconds(20), Duration.ofMillis(5), Duration.ofMinutes(5), 5);
  }

  public HttpLoadOptions withThreads(int count) {
    return new HttpLoadOptions(count, timeout, pause, maxDuration, keptFailures);
  }

  public HttpLoadOptions withMaxDuration(Duration max) {
    return new HttpLoadOptions(threads, timeout, pause, max, keptFailures);
  }
}
