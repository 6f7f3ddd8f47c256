package dev.fleet.nginx;

/** Nothing learned yet: what a procedure's first step, its check, starts from. */
enum Unchecked implements Learned {
  HOST
}
