package dev.fleet.transport;

/**
 * The host could not be reached or the channel broke: nothing is known about whether the command
 * ran. Distinct from a command that ran and failed, which is a {@link CommandResult}.
 */
public class TransportException extends Exception {
  private final boolean retryable;

  public TransportException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  public TransportException(String message, boolean retryable) {
    this(message, retryable, null);
  }

  /** False for authentication rejections and host key mismatches: retrying cannot help. */
  public boolean retryable() {
    return retryable;
  }
}
