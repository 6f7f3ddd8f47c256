package dev.fleet.inventory;

/**
 * Where nginx lives on a host and how verify asks it over HTTP. All paths are absolute paths on
 * the host. {@code healthUrl} is null when the inventory names none: verify then asks the
 * addresses the running master listens on. {@code healthCheck} false skips the HTTP check.
 */
public record NginxSettings(
    String binary, String pidFile, String errorLog, String healthUrl, int healthStatus, boolean healthCheck) {

  /** With the health check on, as every inventory has it unless it says {@code health_check: off}. */
  public NginxSettings(String binary, String pidFile, String errorLog, String healthUrl, int healthStatus) {
    this(binary, pidFile, errorLog, healthUrl, healthStatus, true);
  }
}
