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
 * An exec channel whose stdout is cut into records as it arrives, each record after the first
 * asked for on the channel's stdin. Apache SSHD writes the channel's data into a {@link
 * RecordCutter} on its I/O thread; the records, then the end of the channel, reach the reading
 * thread through one queue, so the end is never seen before the last record.
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
  /** A record was returned and the next is not asked for yet: the command waits at its read. */
  private boolean owesAsk;

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
    channel.setOut(new RecordCutter(stream.queue::add));
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
    if (owesAsk) {
      owesAsk = false;
      tell(MORE); // a command that ended meanwhile never reads it; its end is in the queue
    }
    Object item = queue.poll(Math.max(0, wait.toNanos()), TimeUnit.NANOSECONDS);
    if (item == null) {
      return Optional.empty();
    }
    if (item != END) {
      owesAsk = true;
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
    // Not waited for: the command ends at the STOP, or at its next read once the channel is gone.
    if (result == null) {
      tell(STOP);
    }
    channel.close(false);
  }

  /** One line to the command's stdin; a channel already gone has nobody left to tell. */
  private void tell(String line) {
    try {
      OutputStream in = channel.getInvertedIn();
      in.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
      in.flush();
    } catch (IOException | RuntimeException gone) {
      // The end of the channel, already in the queue or on its way, says what happened.
    }
  }
}
