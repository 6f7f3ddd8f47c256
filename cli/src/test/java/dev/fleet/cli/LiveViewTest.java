package dev.fleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

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
}
