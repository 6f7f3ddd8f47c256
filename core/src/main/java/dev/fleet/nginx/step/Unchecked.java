package dev.fleet.nginx.step;

/** Nothing learned yet: what a procedure's first step, its check, starts from. */
public enum Unchecked implements Learned {
  HOST
}
