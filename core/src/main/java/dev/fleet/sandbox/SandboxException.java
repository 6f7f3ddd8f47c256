package dev.fleet.sandbox;

/** The sandbox could not be started or used; the message names the host and the thing. */
public class SandboxException extends RuntimeException {

  public SandboxException(String message) {
    super(message);
  }

  public SandboxException(String message, Throwable cause) {
    super(message, cause);
  }
}
