package dev.fleet.transport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;

/** One session with one host, kept for that host's whole upgrade; commands run as channels on it. */
public interface Connection extends AutoCloseable {

  /** The host name as the inventory knows it, for messages. */
  String host();

  /**
   * Runs a command and waits for it at most {@code timeout}. A command still running then is
   * stopped on the host and reported as a {@link TransportException}.
   */
  CommandResult run(RemoteCommand command, Duration timeout) throws TransportException;

  /**
   * Runs a command with the bytes of {@code input} as its stdin, as {@link #run(RemoteCommand,
   * Duration)} does otherwise: the way a file reaches a host together with what checks and
   * installs it, in one command. The command should read its input to the end even when it
   * fails: data reaching OpenSSH's sshd after it has freed the channel makes it drop the
   * connection (then a retryable TransportException on the next command).
   */
  CommandResult run(RemoteCommand command, Path input, Duration timeout) throws TransportException;

  /**
   * Runs a command with {@code secret} (a credential, say) as its whole stdin: the way a secret
   * reaches a host without appearing in its argv, its process table or a transcript, which shows
   * only that a secret of some length was sent.
   */
  CommandResult runWithSecret(RemoteCommand command, String secret, Duration timeout)
      throws TransportException;

  /**
   * Starts a command whose output is read record by record while it runs (see {@link
   * RecordStream}); it is stopped on the host at {@code timeout} if nobody closed it before.
   */
  RecordStream stream(RemoteCommand command, Duration timeout) throws TransportException;

  /**
   * Starts a GET of {@code url} as the host itself would send it, with no process on the host:
   * over a TCP connection the host's sshd opens for this session. It goes while the caller does
   * other work; {@link HttpAsk#await} gives the answer. Only plain http is asked this way, and a
   * host may not forward TCP for this login: then the answer is empty, and the host's own curl or
   * wget must ask.
   */
  default HttpAsk startHttpAsk(String url, Duration within) throws TransportException {
    return OptionalInt::empty;
  }

  /** A GET under way ({@link #startHttpAsk}). */
  interface HttpAsk {
    /**
     * The status; 0 when no HTTP answer came within the ask's wait (refused, unreachable, timed
     * out, not HTTP), as curl's 000; empty when this connection could not ask it.
     */
    OptionalInt await() throws TransportException;
  }

  /**
   * False when {@link #startHttpAsk} answers nothing for any URL (the host refused once): what a
   * command started now should ask itself, before its answers are read.
   */
  default boolean mayAskHttp() {
    return false;
  }

  /** False once the session has closed or broken: a command on it would fail at once. */
  boolean isOpen();

  @Override
  void close();
}
