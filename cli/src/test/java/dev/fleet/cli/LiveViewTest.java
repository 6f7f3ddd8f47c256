package dev.fleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.inventory.Host;
import dev.fleet.nginx.UpgradeOutcome.Status;
import dev.fleet.nginx.UpgradeOutcome;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LiveViewTest {
  private static final long NOW = 10_000_000_000L;

  private static final List<LiveView.Row> ROWS =
      List.of(
          new LiveView.Row("web1", 1, "", 0, "upgraded in 2.1s", false),
          new LiveView.Row("web2", 2, "verify", NOW - 1_500_000_000L, "", false),
          new LiveView.Row("web3", 2, "", 0, "rolled back in 3.0s (stage: nginx -t failed)", true));

  @Test
  void showsEachHostsStepAndTimeOrItsResult() {
    assertEquals(
        List.of(
            "  batch 1   web1                 upgraded in 2.1s",
            "  batch 2   web2                 verify 1.5s",
            "  batch 2   web3                 rolled back in 3.0s (stage: nginx -t failed)"),
        LiveView.render(ROWS, NOW, false));
  }

  @Test
  void coloursOnlyWhenAllowed() {
    List<String> coloured = LiveView.render(ROWS, NOW, true);
    assertEquals("  batch 1   web1                 \033[32mupgraded in 2.1s\033[0m", coloured.get(0));
    assertEquals("  batch 2   web3                 \033[31mrolled back in 3.0s (stage: nginx -t failed)\033[0m", coloured.get(2));
    LiveView.render(ROWS, NOW, false).forEach(line -> assertEquals(-1, line.indexOf('\033'), line));
  }

  @Test
  void longLinesAreCutToTheTerminalWithoutBreakingColourCodes() {
    assertEquals("abcd", LiveView.fit("abcdefgh", 5));
    assertEquals("\033[31mabcd\033[0m", LiveView.fit("\033[31mabcdefgh\033[0m", 5));
  }

  // Where the run stands as a whole, on a clock the test moves: no waiting, no timing.
  private static final long SECOND = 1_000_000_000L;
  private final AtomicLong clock = new AtomicLong(5 * SECOND);

  private static Host host(String name) {
    return new Host(name, name, List.of("web"), null, null);
  }

  private static List<Host> hosts(String... names) {
    return java.util.Arrays.stream(names).map(LiveViewTest::host).toList();
  }

  private static UpgradeOutcome outcome(String host, Status status) {
    boolean ok = status == Status.UPGRADED;
    return new UpgradeOutcome(host, status, ok ? null : "verify", ok ? null : "health check answered 500", Duration.ofSeconds(2));
  }

  private static final List<List<Host>> PLAN = List.of(hosts("web1"), hosts("web2", "web3"), hosts("web4", "web5"));

  private String standing(LiveView view) {
    List<String> lines = view.lines();
    return lines.get(lines.size() - 1);
  }

  @Test
  void theLastLineSaysWhereTheRunStands() {
    LiveView view = new LiveView(new PrintWriter(new StringWriter()), false, clock::get);
    clock.addAndGet(4 * SECOND);
    view.planned(PLAN);
    assertEquals(List.of(), view.lines(), "the plan is being printed: nothing drawn over it");

    view.batchStarted(0, 3, PLAN.get(0));
    assertEquals("  batch 1 of 3, 0 of 5 hosts done, 0 failed, 0s elapsed", standing(view), "the run starts at its plan");
    view.hostStarted(host("web1"));
    clock.addAndGet(12 * SECOND);
    assertEquals("  batch 1 of 3, 0 of 5 hosts done, 0 failed, 12s elapsed", standing(view));

    view.hostFinished(host("web1"), outcome("web1", Status.UPGRADED));
    view.batchStarted(1, 3, PLAN.get(1));
    view.hostFinished(host("web2"), outcome("web2", Status.ROLLED_BACK));
    clock.addAndGet(53 * SECOND);
    assertEquals("  batch 2 of 3, 2 of 5 hosts done, 1 failed, 1m05s elapsed", standing(view));
    assertEquals(4, view.lines().size(), "three hosts, then the run: " + view.lines());
  }

  @Test
  void aResumedRunCountsTheHostsItsJournalFinished() {
    LiveView view = new LiveView(new PrintWriter(new StringWriter()), false, clock::get);
    view.planned(PLAN);

    // web1 and web2 were done before the controller died: batch 2 resumes with web3 alone.
    view.batchStarted(1, 3, hosts("web3"));

    assertEquals("  batch 2 of 3, 2 of 5 hosts done, 0 failed, 0s elapsed", standing(view));
  }

  @Test
  void aRollbackWithoutBatchesIsOneBatch() {
    LiveView view = new LiveView(new PrintWriter(new StringWriter()), false, clock::get);
    view.planned(List.of(hosts("web2", "web1")));

    view.hostStarted(host("web2"));
    view.hostFinished(host("web2"), outcome("web2", Status.UPGRADED));

    assertEquals("  batch 1 of 1, 1 of 2 hosts done, 0 failed, 0s elapsed", standing(view));
  }

  @Test
  void closingDrawsTheRunsLineLast() {
    StringWriter out = new StringWriter();
    LiveView view = new LiveView(new PrintWriter(out), false, clock::get);
    view.planned(PLAN);
    view.batchStarted(0, 3, PLAN.get(0));
    view.hostFinished(host("web1"), outcome("web1", Status.REFUSED));

    view.close();

    List<String> drawn = List.of(out.toString().split("\n"));
    assertEquals(2, drawn.size(), out.toString());
    assertTrue(drawn.get(0).contains("web1") && drawn.get(0).contains("refused"), drawn.get(0));
    assertEquals("\r\033[2K  batch 1 of 3, 1 of 5 hosts done, 1 failed, 0s elapsed", drawn.get(1));
  }

  @Test
  void plainProgressSaysWhereTheRunStandsAtEachBatch() {
    StringWriter out = new StringWriter();
    PlainProgress progress = new PlainProgress(new PrintWriter(out), false, false, false, clock::get);
    progress.expect(PLAN);
    progress.batchStarted(0, 3, PLAN.get(0));
    progress.hostStarted(host("web1"));
    progress.hostFinished(host("web1"), outcome("web1", Status.UPGRADED));
    clock.addAndGet(7 * SECOND);

    progress.batchStarted(1, 3, PLAN.get(1));

    List<String> lines = out.toString().lines().toList();
    assertTrue(lines.get(0).endsWith("batch 1/3 (canary): web1 (0 of 5 hosts done, 0 failed, 0s elapsed)"), lines.get(0));
    assertTrue(lines.get(2).endsWith("batch 2/3: web2 web3 (1 of 5 hosts done, 0 failed, 7s elapsed)"), lines.get(2));
  }

  @ParameterizedTest
  @CsvSource({"0, 0s", "59, 59s", "60, 1m00s", "65, 1m05s", "3599, 59m59s", "3725, 1h02m05s"})
  void elapsedIsInWholeSeconds(long seconds, String shown) {
    assertEquals(shown, RunStanding.elapsed(seconds));
  }
}
