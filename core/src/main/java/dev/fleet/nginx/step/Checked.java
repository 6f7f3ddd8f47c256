package dev.fleet.nginx.step;

/** A preflight that passed: the host is ready to change, or already runs the target. */
public sealed interface Checked extends Learned permits Preflighted, AlreadyCurrent {}
