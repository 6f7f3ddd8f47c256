package dev.fleet.inventory;

/** Where nginx lives on a host. All paths are absolute paths on the host. */
public record NginxSettings(
    String binary, String pidFile, String errorLog, String healthUrl, int healthStatus) {}
