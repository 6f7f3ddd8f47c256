package dev.fleet.transport.ssh;

import dev.fleet.transport.CommandResult;
import dev.fleet.transport.RemoteCommand;
import dev.fleet.transport.TransportException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.sshd.client.channel.ChannelExec;

/**
 * An exec channel whose stdout is cut into records as it arrives, each record after the first
 * asked for on the channel's stdin. Apache SSHD writes the channel's data into the {@link
 * RecordCutter} on its I/O thread.
 */
final class ChannelRecordStream extends PacedStream {
  private static final Object END = new Object();

  private final ChannelExec channel;
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private ChannelRecordStream(String host, RemoteCommand command, boolean useSudo, ChannelExec channel) {
    super(host, command, useSudo);
    this.channel = channel;
  }

  /** Opens {@code line} (the command as CommandRunner renders it) and starts cutting records. */
  static ChannelRecordStream open(
      String host, RemoteCommand command, boolean useSudo, ChannelExec channel, Duration openWait)
      throws IOException {
    ChannelRecordStream stream = new ChannelRecordStream(host, command, useSudo, channel);
    channel.setOut(stream.cutter);
    channel.setErr(stream.err);
    channel.addCloseFutureListener(f -> stream.queue.add(END));
    channel.open().verify(openWait);
    return stream;
  }

  @Override
  CommandResult ended(Object end) throws TransportException {
    Integer status = channel.getExitStatus();
    if (status == null) {
      String signal = channel.getExitSignal();
      throw new TransportException(
          host + ": connection lost while running " + command.label()
              + (signal == null ? "" : " (killed by SIG" + signal + ")"),
          true);
    }
    return new CommandResult(status, "", err.toString(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    // Not waited for: the command ends at the STOP, or at its next read once the channel is gone.
    if (!over()) {
      tell(STOP);
    }
    channel.close(false);
  }

  @Override
  void tell(String line) {
    try {
      OutputStream in = channel.getInvertedIn();
      in.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
      in.flush();
    } catch (IOException | RuntimeException gone) {
      // The end of the channel, already in the queue or on its way, says what happened.
    }
  }
}
