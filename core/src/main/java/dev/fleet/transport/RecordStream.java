package dev.fleet.transport;

import java.time.Duration;
import java.util.Optional;

/**
 * A command that keeps printing records (blocks of lines, each ended by an empty line) while its
 * reader decides, record by record, whether it has seen enough. One command instead of one per
 * look: on a host, every command costs a session, a login shell and the deadline wrapper.
 */
public interface RecordStream extends AutoCloseable {

  /**
   * The next record, without its closing empty line, waiting at most {@code wait}. Empty when none
   * came in time or the command has ended ({@link #result()} tells which). A record the command
   * did not finish before it ended is dropped: it may be cut anywhere.
   *
   * @throws TransportException the connection broke: whether the command ran on is unknown
   */
  Optional<String> next(Duration wait) throws TransportException, InterruptedException;

  /** Once the command has ended and every record was read: its exit status and stderr. */
  Optional<CommandResult> result();

  /**
   * Stops reading. The command on the host ends at its next write, which fails once the channel
   * is closed, or at the latest at its deadline.
   */
  @Override
  void close();
}
