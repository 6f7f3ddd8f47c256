package dev.fleet.inventory;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The rollout the inventory asks for. {@code binary} is resolved against the inventory file;
 * {@code sha256} is null when the inventory pins none. Batch and budget fields are kept as the
 * user wrote them ("1", "10%") until the rollout planner reads them.
 */
public record UpgradeSettings(
    Path binary,
    String sha256,
    java.util.List<String> batches,
    int parallel,
    String maxFailures,
    String pause,
    Duration soak,
    Duration drainTimeout,
    String rollback) {}
