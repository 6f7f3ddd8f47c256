package dev.fleet.nginx.step;

import dev.fleet.nginx.probe.HealthAnswers;

/**
 * Preflight found the target already running: the procedure ends here, nothing changed.
 *
 * @param runningSha256 what the master runs, which is the target
 * @param health what the health check's addresses answered, for {@code fleet plan}
 */
public record AlreadyCurrent(String runningSha256, HealthAnswers health) implements Checked {}
