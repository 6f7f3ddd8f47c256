package dev.fleet.cli;

/** Short forms for tables. */
final class Short {
  private Short() {}

  /** The first 12 hex digits of a sha256, as git and docker show them; "" stays "". */
  static String sha(String sha256) {
    return sha256 == null ? "" : sha256.substring(0, Math.min(12, sha256.length()));
  }
}
