package dev.fleet.nginx;

/** A preflight that passed: the host is ready to change, or already runs the target. */
sealed interface Checked extends Learned permits Preflighted, AlreadyCurrent {}
