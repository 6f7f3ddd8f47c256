package dev.fleet.cli;

import dev.fleet.inventory.Host;
import dev.fleet.nginx.UpgradeOutcome;
import dev.fleet.nginx.probe.Durations;
import dev.fleet.rollout.RolloutListener;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * On a terminal: one line per host (batch, current step, time on it, result) and below them one
 * line for the run as a whole (RunStanding), redrawn in place four times a second. Colours unless
 * NO_COLOR is set. Without a terminal fleet prints plain timestamped lines instead (PlainProgress).
 */
final class LiveView implements RolloutListener, AutoCloseable {
  private static final String UP = "\033[%dA";
  private static final String CLEAR = "\033[2K";

  /** What one line shows. */
  record Row(String host, int batch, String step, long since, String result, boolean failed) {}

  private final PrintWriter out;
  private final boolean colour;
  private final LongSupplier nanoClock;
  private final RunStanding standing;
  private final Map<String, Row> rows = new LinkedHashMap<>();
  private ScheduledExecutorService ticker;
  private int drawn;
  private int batch;

  /** A view that draws only when told (close); tests drive it with their own clock. */
  LiveView(PrintWriter out, boolean colour, LongSupplier nanoClock) {
    this.out = out;
    this.colour = colour;
    this.nanoClock = nanoClock;
    this.standing = new RunStanding(nanoClock);
  }

  /** The terminal's view: redrawn four times a second until closed. */
  static LiveView ticking(PrintWriter out, boolean colour) {
    LiveView view = new LiveView(out, colour, System::nanoTime);
    view.ticker =
        Executors.newSingleThreadScheduledExecutor(task -> {
          Thread thread = new Thread(task, "fleet-live-view");
          thread.setDaemon(true);
          return thread;
        });
    view.ticker.scheduleAtFixedRate(view::draw, 250, 250, TimeUnit.MILLISECONDS);
    return view;
  }

  /** The whole plan, for the totals of the run's line. */
  synchronized void planned(List<List<Host>> batches) {
    standing.planned(batches);
  }

  @Override
  public synchronized void batchStarted(int index, int batches, List<Host> hosts) {
    batch = index + 1;
    standing.batchStarted(index, batches, hosts.size());
    for (Host h : hosts) {
      rows.put(h.name(), new Row(h.name(), batch, "waiting", nanoClock.getAsLong(), "", false));
    }
  }

  @Override
  public synchronized void hostStarted(Host host) {
    standing.hostStarted();
  }

  @Override
  public synchronized void stepStarted(String host, String step) {
    Row r = rows.get(host);
    rows.put(host, new Row(host, r == null ? batch : r.batch(), step, nanoClock.getAsLong(), "", false));
  }

  @Override
  public synchronized void undoStarted(String host, String step) {
    stepStarted(host, "undo " + step);
  }

  @Override
  public synchronized void hostFinished(Host host, UpgradeOutcome outcome) {
    Row r = rows.get(host.name());
    String result = outcome.status().name().toLowerCase().replace('_', ' ') + " in " + Durations.show(outcome.took());
    if (!outcome.succeeded()) {
      result += " (" + outcome.step() + ": " + outcome.reason() + ")";
    }
    rows.put(host.name(), new Row(host.name(), r == null ? batch : r.batch(), "", 0, result, !outcome.succeeded()));
    standing.hostFinished(outcome);
  }

  /**
   * What a redraw shows now: the hosts, then where the run stands; nothing before the first host
   * has a line, since the plan is printed then, below the cursor a redraw would move up from.
   */
  synchronized List<String> lines() {
    List<String> lines = render(new ArrayList<>(rows.values()), nanoClock.getAsLong(), colour);
    if (!lines.isEmpty()) {
      lines.add("  " + standing.line());
    }
    return lines;
  }

  /** The lines as they would be drawn now; pure, so it is tested as a table. */
  static List<String> render(List<Row> rows, long now, boolean colour) {
    List<String> lines = new ArrayList<>();
    for (Row r : rows) {
      String state =
          r.result().isEmpty()
              ? paint(colour, "33", r.step() + " " + Durations.show(Duration.ofNanos(now - r.since())))
              : paint(colour, r.failed() ? "31" : "32", r.result());
      lines.add(String.format("  batch %-3d %-20s %s", r.batch(), r.host(), state));
    }
    return lines;
  }

  private static int terminalWidth() {
    String columns = System.getenv("COLUMNS");
    return columns != null && columns.matches("\\d{2,4}") ? Integer.parseInt(columns) : 100;
  }

  /** Cuts a line to {@code width} visible characters, keeping colour codes whole. */
  static String fit(String line, int width) {
    StringBuilder fitted = new StringBuilder();
    int visible = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\033') {
        int end = line.indexOf('m', i);
        fitted.append(line, i, end + 1);
        i = end;
      } else if (visible < width - 1) {
        fitted.append(c);
        visible++;
      }
    }
    return fitted.toString();
  }

  private static String paint(boolean colour, String code, String text) {
    return colour ? "\033[" + code + "m" + text + "\033[0m" : text;
  }

  private synchronized void draw() {
    List<String> lines = lines();
    if (drawn > 0) {
      out.printf(UP, drawn);
    }
    int width = terminalWidth();
    for (String line : lines) {
      // A wrapped line would make the cursor arithmetic of the next redraw wrong.
      out.print("\r" + CLEAR + fit(line, width) + "\n");
    }
    drawn = lines.size();
    out.flush();
  }

  @Override
  public void close() {
    if (ticker != null) {
      ticker.shutdownNow();
    }
    draw();
  }
}
