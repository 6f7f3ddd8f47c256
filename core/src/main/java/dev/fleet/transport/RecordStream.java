package dev.fleet.transport;

import java.time.Duration;
import java.util.Optional;

/**
 * A command that prints records (blocks of lines, each ended by an empty line) while its reader
 * decides, record by record, whether it has seen enough. One command instead of one per look: on
 * a host, every command costs at least a shell and the deadline wrapper.
 *
 * <p>The reader paces it: the command prints its first record unasked, then reads a line from its
 * stdin before each further record, {@link #MORE} to go on and anything else ({@link #STOP}, or
 * the end of its input) to end at once. So a command never works ahead of its reader, needs no
 * pauses of its own, and a reader that has seen enough stops it without waiting for a write to
 * fail: a command that runs in the host's persistent shell ends before the shell's next request.
 */
public interface RecordStream extends AutoCloseable {

  /** The line that asks the command for its next record; see watch.sh and soak.sh. */
  String MORE = "fleet_more";

  /** The line that tells the command to end: the reader has seen enough. */
  String STOP = "fleet_stop";

  /**
   * The next record, without its closing empty line, waiting at most {@code wait}; every call
   * after one that returned a record first asks the command for the next. Empty when none came in
   * time (the ask stands: the next call waits for the same record) or the command has ended
   * ({@link #result()} tells which). A record the command did not finish before it ended is
   * dropped: it may be cut anywhere.
   *
   * @throws TransportException the connection broke: whether the command ran on is unknown
   */
  Optional<String> next(Duration wait) throws TransportException, InterruptedException;

  /** Once the command has ended and every record was read: its exit status and stderr. */
  Optional<CommandResult> result();

  /**
   * Stops reading and tells the command to end. A command that is still working on a record it
   * was asked for ends at its next read, or at the latest at its deadline.
   */
  @Override
  void close();
}
