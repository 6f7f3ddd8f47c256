package dev.fleet.transport.ssh;

import dev.fleet.transport.CommandResult;
import dev.fleet.transport.RecordStream;
import dev.fleet.transport.RemoteCommand;
import dev.fleet.transport.TransportException;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link RecordStream} whose command runs in the host's persistent shell: its asks go to the
 * shell's stdin, which is the command's, and its output comes live from {@link ShellFrames}.
 * Closing it leaves the shell ready for the next request: a command waiting at its read is told
 * to stop, and the shell skips what is left of its answer; one still working on a record is not
 * waited for, and its shell is closed instead (the next request gets a fresh one).
 */
final class ShellStream implements RecordStream, ShellFrames.Receiver {
  /** What the queue holds besides records: how the command or the shell ended. */
  private record Ended(CommandResult result) {}

  private record Lost(String why) {}

  private final String host;
  private final RemoteCommand command;
  private final boolean useSudo;
  private final PersistentShell shell;
  private final Runnable release;
  private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private final RecordCutter cutter = new RecordCutter(queue::add);
  private volatile boolean discard;
  private CommandResult result;
  private boolean owesAsk;
  private boolean closed;

  private ShellStream(String host, RemoteCommand command, boolean useSudo, PersistentShell shell, Runnable release) {
    this.host = host;
    this.command = command;
    this.useSudo = useSudo;
    this.shell = shell;
    this.release = release;
  }

  /**
   * Starts {@code line} in {@code shell}; {@code release} hands the shell back once the stream is
   * closed (or could not start).
   */
  static ShellStream start(
      String host, RemoteCommand command, boolean useSudo, PersistentShell shell, String line, Runnable release)
      throws TransportException {
    ShellStream stream = new ShellStream(host, command, useSudo, shell, release);
    try {
      shell.start(line, stream);
      return stream;
    } catch (IOException e) {
      release.run();
      throw new TransportException(
          host + ": " + command.label() + " failed: " + ConnectFailure.rootMessage(e), true, e);
    }
  }

  @Override
  public boolean live() {
    return true;
  }

  @Override
  public void output(byte[] bytes, int offset, int length) {
    if (!discard) {
      cutter.write(bytes, offset, length);
    }
  }

  @Override
  public void answered(CommandResult ended) {
    queue.add(new Ended(ended));
  }

  @Override
  public void lost(String why) {
    queue.add(new Lost(why));
  }

  @Override
  public Optional<String> next(Duration wait) throws TransportException, InterruptedException {
    if (result != null) {
      return Optional.empty();
    }
    if (owesAsk) {
      owesAsk = false;
      tell(MORE);
    }
    Object item = queue.poll(Math.max(0, wait.toNanos()), TimeUnit.NANOSECONDS);
    if (item == null) {
      return Optional.empty();
    }
    if (item instanceof String record) {
      owesAsk = true;
      return Optional.of(record);
    }
    if (item instanceof Lost lost) {
      queue.add(lost); // and at every later call: the shell is gone
      throw new TransportException(
          host + ": connection lost while running " + command.label() + " (" + lost.why() + ")", true);
    }
    CommandResult ended = ((Ended) item).result();
    SudoRefusal.check(host, command, useSudo, ended);
    result = ended;
    return Optional.empty();
  }

  @Override
  public Optional<CommandResult> result() {
    return Optional.ofNullable(result);
  }

  /**
   * Waiting at its read (a record returned, the next not asked for), the command ends at the
   * STOP before the shell reads its next request; otherwise it may be busy for a while yet.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    discard = true;
    boolean ended = result != null || queue.stream().anyMatch(i -> i instanceof Ended || i instanceof Lost);
    boolean atItsRead = owesAsk || queue.stream().anyMatch(i -> i instanceof String);
    if (!ended) {
      if (atItsRead) {
        tell(STOP);
      } else {
        shell.close();
      }
    }
    release.run();
  }

  private void tell(String line) {
    try {
      shell.send(line + "\n");
    } catch (IOException e) {
      shell.close(); // the end of the channel reaches the queue as Lost
    }
  }
}
