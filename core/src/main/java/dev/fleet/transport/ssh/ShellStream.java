package dev.fleet.transport.ssh;

import dev.fleet.transport.CommandResult;
import dev.fleet.transport.RemoteCommand;
import dev.fleet.transport.TransportException;
import java.io.IOException;

/**
 * A {@link RecordStream} whose command runs in the host's persistent shell: its asks go to the
 * shell's stdin, which is the command's, and its output comes live from {@link ShellFrames}.
 * Closing it leaves the shell ready for the next request: a command waiting at its read is told
 * to stop, and the shell skips what is left of its answer; one still working on a record is not
 * waited for, and its shell is closed instead (the next request gets a fresh one).
 */
final class ShellStream extends PacedStream implements ShellFrames.Receiver {
  /** What the queue holds after the records: how the command or the shell ended. */
  private record Ended(CommandResult result) {}

  private record Lost(String why) {}

  private final PersistentShell shell;
  private final Runnable release;
  private volatile boolean discard;
  private boolean closed;

  private ShellStream(String host, RemoteCommand command, boolean useSudo, PersistentShell shell, Runnable release) {
    super(host, command, useSudo);
    this.shell = shell;
    this.release = release;
  }

  /**
   * Starts {@code request} in {@code shell}; {@code release} hands the shell back once the stream
   * is closed (or could not start).
   */
  static ShellStream start(
      String host, RemoteCommand command, boolean useSudo, PersistentShell shell, ShellRequest request, Runnable release)
      throws TransportException {
    ShellStream stream = new ShellStream(host, command, useSudo, shell, release);
    try {
      shell.start(request, stream);
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
  CommandResult ended(Object end) throws TransportException {
    if (end instanceof Lost lost) {
      queue.add(lost); // and at every later call: the shell is gone
      throw new TransportException(
          host + ": connection lost while running " + command.label() + " (" + lost.why() + ")", true);
    }
    return ((Ended) end).result();
  }

  /**
   * Waiting at its read (a record printed, the next not asked for), the command ends at the
   * STOP before the shell reads its next request; otherwise it may be busy for a while yet.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    discard = true;
    if (!over()) {
      if (atItsRead()) {
        tell(STOP);
      } else {
        shell.close();
      }
    }
    release.run();
  }

  @Override
  void tell(String line) {
    try {
      shell.send(line + "\n");
    } catch (IOException e) {
      shell.close(); // the end of the channel reaches the queue as Lost
    }
  }
}
