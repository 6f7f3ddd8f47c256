package dev.fleet.transport.ssh;

import dev.fleet.transport.CommandResult;
import dev.fleet.transport.RecordStream;
import dev.fleet.transport.RemoteCommand;
import dev.fleet.transport.TransportException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What an exec's stream and a shell's have in common: records and then the command's end reach
 * the reader through one queue, so the end is never seen before the last record, and each record
 * after the first is asked for ({@link RecordStream#MORE}) when the reader wants it. Only how an
 * ask travels and how the end reads differ.
 */
abstract class PacedStream implements RecordStream {
  final String host;
  final RemoteCommand command;
  private final boolean useSudo;
  /** Records (Strings) in order, then one item for the end, which {@link #ended} reads. */
  final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  final RecordCutter cutter = new RecordCutter(queue::add);
  private CommandResult result;
  /** A record was returned and the next is not asked for yet: the command waits at its read. */
  private boolean owesAsk;

  PacedStream(String host, RemoteCommand command, boolean useSudo) {
    this.host = host;
    this.command = command;
    this.useSudo = useSudo;
  }

  /** One line to the command's stdin; a command already gone has nobody left to tell. */
  abstract void tell(String line);

  /** The command's result from the queue's item for its end, or why none came. */
  abstract CommandResult ended(Object end) throws TransportException;

  @Override
  public final Optional<String> next(Duration wait) throws TransportException, InterruptedException {
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
    if (item instanceof String record) {
      owesAsk = true;
      return Optional.of(record);
    }
    CommandResult end = ended(item);
    SudoRefusal.check(host, command, useSudo, end);
    result = end;
    return Optional.empty();
  }

  @Override
  public final Optional<CommandResult> result() {
    return Optional.ofNullable(result);
  }

  /** The command's end has arrived, read or not. */
  final boolean over() {
    return result != null || queue.stream().anyMatch(i -> !(i instanceof String));
  }

  /** The command printed a record and waits at its read for the next ask. */
  final boolean atItsRead() {
    return owesAsk || queue.stream().anyMatch(i -> i instanceof String);
  }
}
