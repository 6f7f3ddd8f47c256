package dev.fleet.cli;

import dev.fleet.inventory.Host;
import dev.fleet.nginx.UpgradeOutcome;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Where a run stands as a whole: "batch 2 of 3, 5 of 12 hosts done, 1 failed, 1m05s elapsed".
 * Hosts report from several threads, hence synchronized. The clock is given, so tests need no
 * waiting.
 */
final class RunStanding {
  private final LongSupplier nanoClock;
  private long started;
  private List<Integer> planned = List.of();
  private int batches;
  private int batch;
  private int total;
  private int done;
  private int failed;

  RunStanding(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
    this.started = nanoClock.getAsLong();
  }

  /** The whole plan, before any host starts: it gives the totals, and the run starts now. */
  synchronized void planned(List<List<Host>> plan) {
    started = nanoClock.getAsLong();
    planned = plan.stream().map(List::size).toList();
    batches = plan.size();
    total = planned.stream().mapToInt(Integer::intValue).sum();
  }

  /**
   * A resumed run starts a batch with only the hosts it has not run yet ({@code todo}): the
   * others, and every host of the batches before, were done by the run it continues.
   */
  synchronized void batchStarted(int index, int batchCount, int todo) {
    batch = index + 1;
    batches = batchCount;
    if (index < planned.size()) {
      int before = planned.subList(0, index).stream().mapToInt(Integer::intValue).sum();
      done = Math.max(done, before + planned.get(index) - todo);
    } else {
      total = Math.max(total, done + todo);
    }
  }

  synchronized void hostStarted() {
    // A rollback's hosts run without batch events: they are its one batch.
    batch = Math.max(batch, 1);
  }

  synchronized void hostFinished(UpgradeOutcome outcome) {
    hostStarted();
    done++;
    failed += outcome.succeeded() ? 0 : 1;
    total = Math.max(total, done);
  }

  synchronized String line() {
    return String.format("batch %d of %d, %s", batch, Math.max(batches, batch), hostsLine());
  }

  /** The line without its batch, for where the batch is said already. */
  synchronized String hostsLine() {
    long seconds = (nanoClock.getAsLong() - started) / 1_000_000_000L;
    return String.format("%d of %d hosts done, %d failed, %s elapsed", done, total, failed, elapsed(seconds));
  }

  /** Whole seconds: a tenth of a second ticking by would be noise on this line. */
  static String elapsed(long seconds) {
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return String.format("%dm%02ds", seconds / 60, seconds % 60);
    }
    return String.format("%dh%02dm%02ds", seconds / 3600, (seconds / 60) % 60, seconds % 60);
  }
}
