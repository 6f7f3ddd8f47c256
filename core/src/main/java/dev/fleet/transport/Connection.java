package dev.fleet.transport;

import java.nio.file.Path;
import java.time.Duration;

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
   * Starts a command whose output is read record by record while it runs (see {@link
   * RecordStream}); it is stopped on the host at {@code timeout} if nobody closed it before.
   */
  RecordStream stream(RemoteCommand command, Duration timeout) throws TransportException;

  /**
   * Copies a local file to {@code remotePath} on the host, creating or truncating it. With
   * {@code privileged}, the file is written as root (through sudo when the login user is not
   * root). The caller verifies the digest and renames; this only moves bytes.
   */
  void upload(Path local, String remotePath, boolean privileged) throws TransportException;

  /** False once the session has closed or broken: a command on it would fail at once. */
  boolean isOpen();

  @Override
  void close();
}
