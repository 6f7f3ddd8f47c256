package dev.fleet.inventory;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The rollout the inventory asks for. {@code binary} is resolved against the inventory file (null
 * only from {@link InventoryLoader#loadForInspection}, or when {@code binaryUrl} names where the
 * hosts download it; then {@code sha256} is set, and {@code binaryUrlAuth} is the header they
 * send, or null);
 * {@code sha256} is null when the inventory pins none. Batch, budget, pause and rollback are kept
 * as text in their normal spelling ("1", "10%", "30s", "manual", "batch"); the loader has already
 * validated them, so the typed views below never throw on a loaded inventory.
 */
public record UpgradeSettings(
    Path binary,
    String sha256,
    List<String> batches,
    int parallel,
    String maxFailures,
    String canaryMaxFailures,
    String pause,
    Duration soak,
    Duration drainTimeout,
    String rollback,
    URI binaryUrl,
    BinaryUrlAuth binaryUrlAuth) {

  public UpgradeSettings(
      Path binary,
      String sha256,
      List<String> batches,
      int parallel,
      String maxFailures,
      String canaryMaxFailures,
      String pause,
      Duration soak,
      Duration drainTimeout,
      String rollback) {
    this(binary, sha256, batches, parallel, maxFailures, canaryMaxFailures, pause, soak, drainTimeout, rollback,
        null, null);
  }

  /** The pause value that waits for {@code fleet resume} instead of a timer. */
  public static final String MANUAL = "manual";

  public UpgradeSettings {
    batches = List.copyOf(batches);
  }

  /** Batch sizes in order; the first is the canary when more follow; the last repeats. */
  public List<Amount> batchSizes() {
    return batches.stream().map(Amount::parse).toList();
  }

  /** How many failed hosts the whole rollout tolerates; a breach triggers {@link #rollbackPolicy}. */
  public Amount failureBudget() {
    return Amount.parse(maxFailures);
  }

  /**
   * How many failed hosts the canary batch tolerates, a count or a share of its hosts; counts
   * only when later batches follow the first.
   */
  public Amount canaryBudget() {
    return Amount.parse(canaryMaxFailures);
  }

  public boolean manualPause() {
    return MANUAL.equals(pause);
  }

  /** The wait between batches; zero when {@link #manualPause} waits for an operator instead. */
  public Duration pauseDuration() {
    return manualPause() ? Duration.ZERO : DurationParser.parse(pause);
  }

  /** Whether the hosts download the binary themselves instead of receiving it from fleet. */
  public boolean pulled() {
    return binaryUrl != null;
  }

  public RollbackPolicy rollbackPolicy() {
    return RollbackPolicy.valueOf(rollback.toUpperCase(Locale.ROOT));
  }
}
