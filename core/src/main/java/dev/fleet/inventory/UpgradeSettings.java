package dev.fleet.inventory;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rollout the inventory asks for, each {@link UpgradeSetting} read once into its type: from a
 * flag, else the inventory, else its built-in default. {@code binary} is resolved against the
 * inventory file (null only from {@link InventoryLoader#loadForInspection}); {@code sha256} is
 * null when nothing pins one. {@code hooks}: the commands {@code upgrade.hooks} runs around the
 * rollout (none when unset), with {@code hook_timeout}. {@code binaryUrlAuth}: the header the hosts
 * send to the artifact server, from the variable {@code binary_url_auth_env} names; null when none
 * is, or when the command downloads nothing.
 */
public record UpgradeSettings(Map<UpgradeSetting<?>, Object> values, UpgradeHooks hooks, BinaryUrlAuth binaryUrlAuth) {

  public UpgradeSettings {
    // A copy that keeps the nulls Map.copyOf refuses: binary and sha256 may be absent.
    values = java.util.Collections.unmodifiableMap(new HashMap<>(values));
  }

  /** The value of {@code setting}, null only where it has no default and nothing set it. */
  @SuppressWarnings("unchecked")
  public <T> T get(UpgradeSetting<T> setting) {
    return (T) values.get(setting);
  }

  public Path binary() {
    return get(UpgradeSetting.BINARY);
  }

  /** Where the hosts download the binary themselves; null when fleet sends {@link #binary}. */
  public URI binaryUrl() {
    return get(UpgradeSetting.BINARY_URL);
  }

  /** Whether the hosts download the binary themselves instead of receiving it from fleet. */
  public boolean pulled() {
    return binaryUrl() != null;
  }

  public String sha256() {
    return get(UpgradeSetting.SHA256);
  }

  /** Batch sizes in order; the first is the canary when more follow; the last repeats. */
  public List<Amount> batchSizes() {
    return get(UpgradeSetting.BATCHES);
  }

  public int parallel() {
    return get(UpgradeSetting.PARALLEL);
  }

  /** How many failed hosts the whole rollout tolerates; a breach triggers {@link #rollbackPolicy}. */
  public Amount failureBudget() {
    return get(UpgradeSetting.MAX_FAILURES);
  }

  /**
   * How many failed hosts the canary batch tolerates, a count or a share of its hosts; counts
   * only when later batches follow the first.
   */
  public Amount canaryBudget() {
    return get(UpgradeSetting.CANARY_MAX_FAILURES);
  }

  public boolean manualPause() {
    return get(UpgradeSetting.PAUSE).manual();
  }

  /** The wait between batches; zero when {@link #manualPause} waits for an operator instead. */
  public Duration pauseDuration() {
    return get(UpgradeSetting.PAUSE).between();
  }

  public Duration soak() {
    return get(UpgradeSetting.SOAK);
  }

  public Duration drainTimeout() {
    return get(UpgradeSetting.DRAIN_TIMEOUT);
  }

  /**
   * How long a host whose connection broke half-way is tried again before it is left needing
   * attention (for {@code fleet resume} once it answers).
   */
  public Duration reconnectWindow() {
    return get(UpgradeSetting.RECONNECT_WINDOW);
  }

  public RollbackPolicy rollbackPolicy() {
    return get(UpgradeSetting.ROLLBACK);
  }
}
