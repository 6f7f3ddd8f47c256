package dev.fleet.transport.ssh;

import dev.fleet.transport.CommandResult;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The controller's end of a {@link PersistentShell}'s stdout and stderr: cuts them into the
 * shell's greeting and one answer per request, each handed to the {@link Receiver} registered
 * for it, in the order the requests were sent. A command writes straight to the channel, and the
 * loop ends each answer with a marker holding the shell's secret nonce, on stdout
 * {@code NONCE STATUS\n} and on stderr {@code NONCE\n}, right after the command's last byte; the
 * nonce is random per shell and never leaves the controller but to start the loop, so no output
 * can end an answer early. The marker starts with the nonce's first hex digit, never a newline, so
 * a stream's record, which ends with an empty line, is whole the moment it arrives.
 * Apache SSHD writes here from its I/O threads.
 */
final class ShellFrames {
  /** What the shell sends first, once it is ready: proof that it started (sudo let it). */
  static final String GREETING = "fleet-shell 1";

  /** Whose an answer is: a request waiting for it whole, or a stream reading it as it comes. */
  interface Receiver {
    /** True to be given the answer's stdout as it arrives ({@link #output}), not whole at the end. */
    boolean live();

    /** Part of the stdout of a live receiver's answer, in order. */
    void output(byte[] bytes, int offset, int length);

    /** The answer ended: its status and stderr, and its stdout unless it went out live. */
    void answered(CommandResult result);

    /** The shell closed, or wrote what its loop never writes, before this answer ended. */
    void lost(String why);
  }

  /** An answer whose stdout ended, waiting for the end of its stderr. */
  private record OutEnded(Receiver receiver, int status, String stdout) {}

  private final byte[] outMarker;
  private final byte[] errMarker;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  /** Requests whose stdout has not ended, oldest first: the first one's is what arrives now. */
  private final ArrayDeque<Receiver> writing = new ArrayDeque<>();
  private final ArrayDeque<OutEnded> outEnded = new ArrayDeque<>();
  private final ArrayDeque<String> errs = new ArrayDeque<>();
  private boolean greeted;
  /** Why the shell takes no more requests, once it closed or went off the protocol. */
  private String failure;

  ShellFrames(String nonce) {
    this.outMarker = (nonce + " ").getBytes(StandardCharsets.US_ASCII);
    this.errMarker = (nonce + "\n").getBytes(StandardCharsets.US_ASCII);
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

  /**
   * The next answer is {@code receiver}'s: called before its request is written. A shell that
   * has failed tells the receiver at once.
   */
  void expect(Receiver receiver) {
    String why;
    synchronized (this) {
      why = failure;
      if (why == null) {
        writing.add(receiver);
        return;
      }
    }
    receiver.lost(why);
  }

  private void received(boolean isOut, byte[] b, int off, int len) {
    List<Runnable> tell = new ArrayList<>();
    synchronized (this) {
      if (failure != null) {
        return;
      }
      ByteArrayOutputStream buffer = isOut ? out : err;
      buffer.write(b, off, len);
      if (isOut && !greeted) {
        greeting();
      }
      while (failure == null && (isOut ? greeted && cutOut() : cutErr())) {
        pair(tell);
      }
      if (isOut && greeted && failure == null) {
        passOn();
      }
      if (failure != null) {
        failAll(tell);
      }
    }
    // Receivers run outside the lock: a stream's reader may be sending its next ask.
    tell.forEach(Runnable::run);
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
    notifyAll();
  }

  /** True once the loop said it runs: only then may it get a request. */
  synchronized boolean greeted() {
    return greeted;
  }

  /**
   * Waits until the loop has greeted, closed or gone off the protocol, at most {@code wait}:
   * true if it greeted and takes requests.
   */
  synchronized boolean awaitGreeting(Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (!greeted && failure == null) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return greeted && failure == null;
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
    Receiver receiver = writing.poll();
    if (receiver == null) {
      garbled("an answer nobody asked for");
      return false;
    }
    int code;
    try {
      code = Integer.parseInt(status);
    } catch (NumberFormatException e) {
      garbled("status " + status);
      return false;
    }
    String stdout = "";
    if (receiver.live()) {
      receiver.output(bytes, 0, at);
    } else {
      stdout = new String(bytes, 0, at, StandardCharsets.UTF_8);
    }
    outEnded.add(new OutEnded(receiver, code, stdout));
    out.reset();
    out.write(bytes, nl + 1, bytes.length - nl - 1);
    return true;
  }

  /**
   * Hands a live receiver what arrived of its stdout, all but an end that could be the start of
   * the marker.
   */
  private void passOn() {
    Receiver receiver = writing.peek();
    if (receiver == null || !receiver.live()) {
      return;
    }
    byte[] bytes = out.toByteArray();
    int safe = bytes.length - markerStartAtEnd(bytes);
    if (safe == 0) {
      return;
    }
    receiver.output(bytes, 0, safe);
    out.reset();
    out.write(bytes, safe, bytes.length - safe);
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
  private void pair(List<Runnable> tell) {
    while (!outEnded.isEmpty() && !errs.isEmpty()) {
      OutEnded ended = outEnded.poll();
      CommandResult result = new CommandResult(ended.status(), ended.stdout(), errs.poll());
      tell.add(() -> ended.receiver().answered(result));
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

  /** The length of the longest end of {@code data} that the stdout marker begins with. */
  private int markerStartAtEnd(byte[] data) {
    for (int n = Math.min(data.length, outMarker.length - 1); n > 0; n--) {
      if (java.util.Arrays.equals(data, data.length - n, data.length, outMarker, 0, n)) {
        return n;
      }
    }
    return 0;
  }

  /** Something not in the protocol: the shell is not fleet's loop (a login banner, a broken host). */
  private void garbled(String text) {
    failure = "unexpected output: " + text.strip();
  }

  /** Every receiver still waiting learns why its answer will not come. */
  private void failAll(List<Runnable> tell) {
    String why = failure;
    List<Receiver> waiting = new ArrayList<>();
    outEnded.forEach(e -> waiting.add(e.receiver()));
    waiting.addAll(writing);
    outEnded.clear();
    writing.clear();
    waiting.forEach(r -> tell.add(() -> r.lost(why)));
    notifyAll();
  }

  /** The channel closed: whoever waits learns it at once, not at its deadline. */
  void closed() {
    List<Runnable> tell = new ArrayList<>();
    synchronized (this) {
      if (failure == null) {
        String leftover = err.toString(StandardCharsets.UTF_8).strip();
        String what = greeted ? "the shell ended" : "no greeting";
        failure = leftover.isEmpty() ? what : what + " (" + leftover.lines().findFirst().orElse("") + ")";
        failAll(tell);
      }
    }
    tell.forEach(Runnable::run);
  }
}
