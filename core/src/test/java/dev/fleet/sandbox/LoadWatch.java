package dev.fleet.sandbox;

import java.net.URI;
import java.time.Duration;
import java.util.function.BiPredicate;

/**
 * Lets a test wait for what an {@link HttpLoad} has seen instead of sleeping and hoping enough
 * requests went out meanwhile: on a busy machine a sleep buys any number of requests, even none.
 */
public final class LoadWatch {
  /** Only fails a hang: a host that never answers, a load that never sends. */
  private static final Duration HANG = Duration.ofMinutes(2);

  private LoadWatch() {}

  /** The counts so far; the load goes on. */
  public static HttpLoadStats sofar(HttpLoad load) {
    return load.sofar();
  }

  /** Waits until every URL of the load meets {@code condition}; fails after {@link #HANG}. */
  public static void awaitEveryUrl(
      HttpLoad load, BiPredicate<URI, HttpLoadStats.UrlStats> condition, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + HANG.toNanos();
    while (true) {
      HttpLoadStats now = load.sofar();
      if (now.perUrl().entrySet().stream().allMatch(e -> condition.test(e.getKey(), e.getValue()))) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("hung waiting for " + what + ": " + now);
      }
      Thread.sleep(10);
    }
  }

  /**
   * Waits until every URL was sent more requests than at {@code earlier}: the load ran on past
   * that point, so a zero failure count covers everything before it.
   */
  public static void awaitEveryUrlSentSince(HttpLoad load, HttpLoadStats earlier)
      throws InterruptedException {
    awaitEveryUrl(load, (url, now) -> now.sent() > earlier.of(url).sent(), "requests after " + earlier);
  }
}
