package dev.fleet.transport.ssh;

import dev.fleet.transport.CommandResult;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The controller's end of a {@link PersistentShell}'s stdout and stderr: cuts them into the
 * shell's greeting and one answer per request. A command writes straight to the channel, and
 * the loop ends each answer with a marker holding the shell's secret nonce, on stdout
 * {@code \nNONCE STATUS\n} and on stderr {@code \nNONCE\n}; the nonce is random per shell and
 * never leaves the controller but to start the loop, so no output can end an answer early.
 * Apache SSHD writes here from its I/O threads.
 */
final class ShellFrames {
  /** What the shell sends first, once it is ready: proof that it started (sudo let it). */
  static final String GREETING = "fleet-shell 1";

  /** One thing read from the shell once it greeted: an answer, its end, or text that is neither. */
  sealed interface Frame permits Answer, Closed, Garbled {}

  record Answer(CommandResult result) implements Frame {}

  record Closed() implements Frame {}

  record Garbled(String text) implements Frame {}

  private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
  private final byte[] outMarker;
  private final byte[] errMarker;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final ArrayDeque<int[]> statuses = new ArrayDeque<>();
  private final ArrayDeque<String> outs = new ArrayDeque<>();
  private final ArrayDeque<String> errs = new ArrayDeque<>();
  private boolean greeted;
  private boolean broken;

  ShellFrames(String nonce) {
    this.outMarker = ("\n" + nonce + " ").getBytes(StandardCharsets.US_ASCII);
    this.errMarker = ("\n" + nonce + "\n").getBytes(StandardCharsets.US_ASCII);
  }

  /** Where the channel writes the shell's stdout. */
  OutputStream stdout() {
    return new Sink(true);
  }

  /** Where the channel writes the shell's stderr. */
  OutputStream stderr() {
    return new Sink(false);
  }

  private final class Sink extends OutputStream {
    private final boolean isOut;

    Sink(boolean isOut) {
      this.isOut = isOut;
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      received(isOut, b, off, len);
    }
  }

  private synchronized void received(boolean isOut, byte[] b, int off, int len) {
    if (broken) {
      return;
    }
    ByteArrayOutputStream buffer = isOut ? out : err;
    buffer.write(b, off, len);
    if (isOut && !greeted) {
      greeting();
    }
    while (!broken && (isOut ? greeted && cutOut() : cutErr())) {
      pair();
    }
  }

  private void greeting() {
    byte[] bytes = out.toByteArray();
    int nl = indexOf(bytes, new byte[] {'\n'}, 0);
    if (nl < 0) {
      if (bytes.length > 200) {
        garbled(new String(bytes, StandardCharsets.UTF_8));
      }
      return;
    }
    String line = new String(bytes, 0, nl, StandardCharsets.UTF_8);
    if (!line.equals(GREETING)) {
      garbled(line);
      return;
    }
    greeted = true;
    out.reset();
    out.write(bytes, nl + 1, bytes.length - nl - 1);
  }

  /** True once the loop said it runs: only then may it get a request. */
  synchronized boolean greeted() {
    return greeted;
  }

  /** True once the shell wrote what fleet's loop never writes: it must not get requests. */
  synchronized boolean broken() {
    return broken;
  }

  /** Cuts one answer's stdout and status off the front of what came, if all of it is there. */
  private boolean cutOut() {
    byte[] bytes = out.toByteArray();
    int at = indexOf(bytes, outMarker, 0);
    if (at < 0) {
      return false;
    }
    int from = at + outMarker.length;
    int nl = indexOf(bytes, new byte[] {'\n'}, from);
    if (nl < 0) {
      return false;
    }
    String status = new String(bytes, from, nl - from, StandardCharsets.US_ASCII);
    try {
      statuses.add(new int[] {Integer.parseInt(status)});
    } catch (NumberFormatException e) {
      garbled("status " + status);
      return false;
    }
    outs.add(new String(bytes, 0, at, StandardCharsets.UTF_8));
    out.reset();
    out.write(bytes, nl + 1, bytes.length - nl - 1);
    return true;
  }

  private boolean cutErr() {
    byte[] bytes = err.toByteArray();
    int at = indexOf(bytes, errMarker, 0);
    if (at < 0) {
      return false;
    }
    errs.add(new String(bytes, 0, at, StandardCharsets.UTF_8));
    err.reset();
    err.write(bytes, at + errMarker.length, bytes.length - at - errMarker.length);
    return true;
  }

  /** An answer is whole once both its stdout and its stderr have ended. */
  private void pair() {
    while (!outs.isEmpty() && !errs.isEmpty()) {
      frames.add(new Answer(new CommandResult(statuses.poll()[0], outs.poll(), errs.poll())));
    }
  }

  private static int indexOf(byte[] data, byte[] pattern, int from) {
    outer:
    for (int i = from; i <= data.length - pattern.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** Something not in the protocol: the shell is not fleet's loop (a login banner, a broken host). */
  private void garbled(String text) {
    broken = true;
    frames.add(new Garbled(text.strip()));
  }

  /** What the shell wrote to stderr that no answer took: why it did not start, say. */
  synchronized String leftoverStderr() {
    return err.toString(StandardCharsets.UTF_8).strip();
  }

  /** The channel closed: whoever waits learns it at once, not at its deadline. */
  void closed() {
    frames.add(new Closed());
  }

  /** The next frame, or null if none came within {@code wait}. */
  Frame next(Duration wait) throws InterruptedException {
    return frames.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
  }
}
