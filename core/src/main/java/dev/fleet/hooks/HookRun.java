package dev.fleet.hooks;

import java.nio.file.Path;

/**
 * The run every hook belongs to: what {@code FLEET_RUN}, {@code FLEET_INVENTORY}, {@code
 * FLEET_KIND} and {@code FLEET_BATCHES} say, and where its transcripts go.
 *
 * @param kind {@code upgrade} or {@code rollback}
 * @param resumed the run continues an earlier controller's ({@code fleet resume})
 */
public record HookRun(String runId, Path inventory, String kind, int batches, boolean resumed, Path runDir) {}
