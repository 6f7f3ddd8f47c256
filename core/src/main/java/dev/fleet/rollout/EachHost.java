package dev.fleet.rollout;

import dev.fleet.inventory.Host;
import dev.fleet.transport.Connection;
import dev.fleet.transport.Connector;
import dev.fleet.transport.TransportException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Asks every host the same question at once (up to {@code parallel} in flight), each over its own
 * connection, and returns the answers in host order. For read-only looks: plan, check, status.
 */
public final class EachHost {
  private EachHost() {}

  /** A question for one connected host. */
  public interface Question<T> {
    T ask(Host host, Connection connection) throws TransportException, Exception;
  }

  /** What to answer for a host that could not be reached or asked. */
  public interface Unanswered<T> {
    T because(Host host, String reason);
  }

  public static <T> List<T> ask(
      List<Host> hosts, int parallel, Connector connector, Question<T> question, Unanswered<T> unanswered)
      throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallel, hosts.size())));
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (Host host : hosts) {
        futures.add(pool.submit(() -> {
          try (Connection connection = connector.connect(host)) {
            return question.ask(host, connection);
          } catch (Exception e) {
            return unanswered.because(host, e.getMessage());
          }
        }));
      }
      List<T> answers = new ArrayList<>();
      for (Future<T> future : futures) {
        try {
          answers.add(future.get());
        } catch (ExecutionException e) {
          throw new IllegalStateException("a host query failed unexpectedly", e.getCause());
        }
      }
      return answers;
    } finally {
      pool.shutdownNow();
    }
  }
}
