package dev.fleet.transport;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;

/**
 * The one retry policy for opening a connection, used by every connector: a connect is tried again
 * on failures that trying again can cure (refused, reset, no answer), with a pause that doubles up
 * to {@code maxBackoff}, until {@code attempts} are used or the deadline has passed. Each try gets
 * only the time left, so a deadline bounds the whole connect: TCP, SSH handshake and
 * authentication, and the tries after the first.
 *
 * @param attempts tries at most; {@link Integer#MAX_VALUE} to try until the deadline
 */
public record ConnectRetry(int attempts, Duration firstBackoff, Duration maxBackoff) {

  public ConnectRetry {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1");
    }
  }

  /** One try, given the time it may take. */
  public interface Attempt {
    Connection within(Duration remaining) throws TransportException;
  }

  /** The same pauses with another count: a host's own {@code ssh.connect_attempts}. */
  public ConnectRetry withAttempts(int count) {
    return new ConnectRetry(count, firstBackoff, maxBackoff);
  }

  /** The same pauses, tried until the deadline whatever the count: reconnecting a host half-way. */
  public ConnectRetry untilDeadline() {
    return new ConnectRetry(Integer.MAX_VALUE, firstBackoff, maxBackoff);
  }

  public Connection connect(Duration deadline, Attempt attempt) throws TransportException {
    long end = System.nanoTime() + deadline.toNanos();
    RetryConfig config =
        RetryConfig.custom()
            .maxAttempts(attempts)
            .intervalFunction(IntervalFunction.ofExponentialBackoff(firstBackoff, 2.0, maxBackoff))
            // No new try once the deadline has passed: the connect is over, whatever is left.
            .retryOnException(e -> e instanceof TransportException t && t.retryable() && System.nanoTime() < end)
            .build();
    try {
      return Retry.of("connect", config)
          .executeCallable(() -> attempt.within(Duration.ofNanos(Math.max(end - System.nanoTime(), 1_000_000))));
    } catch (TransportException e) {
      throw e;
    } catch (Exception e) {
      throw new TransportException(e.getMessage(), false, e);
    }
  }
}
