package dev.fleet.inventory;

/** How unknown host keys are treated. There is deliberately no value that accepts every key. */
public enum HostKeyPolicy {
  /** Only keys already in known_hosts are accepted. */
  STRICT,
  /** Keys of hosts not yet in known_hosts are recorded; a changed key is still refused. */
  ACCEPT_NEW
}
