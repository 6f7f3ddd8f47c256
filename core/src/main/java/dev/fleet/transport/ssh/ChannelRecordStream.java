package dev.fleet.transport.ssh;

import dev.fleet.transport.CommandResult;
import dev.fleet.transport.RecordStream;
import dev.fleet.transport.RemoteCommand;
import dev.fleet.transport.TransportException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.client.channel.ChannelExec;

/**
 * An exec channel whose stdout is cut into records as it arrives. Apache SSHD writes the channel's
 * data into {@link RecordSplitter} on its I/O thread; the records, then the end of the channel,
 * reach the reading thread through one queue, so the end is never seen before the last record.
 */
final class ChannelRecordStream implements RecordStream {
  private static final Object END = new Object();

  private final String host;
  private final RemoteCommand command;
  private final boolean useSudo;
  private final ChannelExec channel;
  private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private CommandResult result;

  private ChannelRecordStream(String host, RemoteCommand command, boolean useSudo, ChannelExec channel) {
    this.host = host;
    this.command = command;
    this.useSudo = useSudo;
    this.channel = channel;
  }

  /** Opens {@code line} (the command as CommandRunner renders it) and starts cutting records. */
  static ChannelRecordStream open(
      String host, RemoteCommand command, boolean useSudo, ChannelExec channel, Duration openWait)
      throws IOException {
    ChannelRecordStream stream = new ChannelRecordStream(host, command, useSudo, channel);
    channel.setOut(stream.new RecordSplitter());
    channel.setErr(stream.err);
    channel.addCloseFutureListener(f -> stream.queue.add(END));
    channel.open().verify(openWait);
    return stream;
  }

  @Override
  public Optional<String> next(Duration wait) throws TransportException, InterruptedException {
    if (result != null) {
      return Optional.empty();
    }
    Object item = queue.poll(Math.max(0, wait.toNanos()), TimeUnit.NANOSECONDS);
    if (item == null) {
      return Optional.empty();
    }
    if (item != END) {
      return Optional.of((String) item);
    }
    Integer status = channel.getExitStatus();
    if (status == null) {
      String signal = channel.getExitSignal();
      throw new TransportException(
          host + ": connection lost while running " + command.label()
              + (signal == null ? "" : " (killed by SIG" + signal + ")"),
          true);
    }
    CommandResult ended = new CommandResult(status, "", err.toString(StandardCharsets.UTF_8));
    SudoRefusal.check(host, command, useSudo, ended);
    result = ended;
    return Optional.empty();
  }

  @Override
  public Optional<CommandResult> result() {
    return Optional.ofNullable(result);
  }

  @Override
  public void close() {
    // Not waited for: the host learns of the close at its next write and the reader is done.
    channel.close(false);
  }

  /** Collects bytes into lines and lines into records; an empty line ends a record. */
  private final class RecordSplitter extends OutputStream {
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final StringBuilder record = new StringBuilder();

    @Override
    public void write(int b) {
      if (b != '\n') {
        line.write(b);
        return;
      }
      if (line.size() == 0) {
        if (record.length() > 0) {
          queue.add(record.toString());
          record.setLength(0);
        }
        return;
      }
      record.append(line.toString(StandardCharsets.UTF_8)).append('\n');
      line.reset();
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      for (int i = offset; i < offset + length; i++) {
        write(bytes[i]);
      }
    }
  }
}
