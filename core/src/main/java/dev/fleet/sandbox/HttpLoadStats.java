package dev.fleet.sandbox;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** What an {@link HttpLoad} saw, per URL. Immutable. */
public record HttpLoadStats(Duration elapsed, Map<URI, UrlStats> perUrl) {

  public HttpLoadStats {
    perUrl = Map.copyOf(perUrl);
  }

  /** Requests to one URL; {@code firstFailures} keeps the first few reasons, in order. */
  public record UrlStats(long sent, long ok, long failed, List<String> firstFailures) {
    public UrlStats {
      firstFailures = List.copyOf(firstFailures);
    }
  }

  public long sent() {
    return perUrl.values().stream().mapToLong(UrlStats::sent).sum();
  }

  public long ok() {
    return perUrl.values().stream().mapToLong(UrlStats::ok).sum();
  }

  public long failed() {
    return perUrl.values().stream().mapToLong(UrlStats::failed).sum();
  }

  public UrlStats of(URI url) {
    return perUrl.getOrDefault(url, new UrlStats(0, 0, 0, List.of()));
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    text.append(sent()).append(" sent, ").append(ok()).append(" ok, ").append(failed()).append(" failed in ").append(elapsed.toMillis()).append(" ms");
    perUrl.forEach((url, stats) -> {
      if (stats.failed() > 0) {
        text.append("; ").append(url).append(": ").append(stats.failed()).append(" failed, first: ").append(stats.firstFailures());
      }
    });
    return text.toString();
  }
}
