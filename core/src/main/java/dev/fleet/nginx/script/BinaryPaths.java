package dev.fleet.nginx.script;

/**
 * Where fleet puts files on a host for nginx.binary: the upload and the kept backup beside it,
 * the lock, the history and the digest memo in fleet's own directory.
 */
public record BinaryPaths(String binary) {
  /** fleet's directory on every host. */
  public static final String STATE_DIR = "/var/lib/fleet";

  /** The upload lands beside the binary so the final rename stays within one file system. */
  public String staged() {
    int slash = binary.lastIndexOf('/');
    return binary.substring(0, slash + 1) + "." + binary.substring(slash + 1) + ".fleet-new";
  }

  /** Where the replaced binary is kept, for rollback now and `fleet rollback` later. */
  public String backup() {
    return backupOf(binary);
  }

  public static String backupOf(String binary) {
    return binary + ".fleet-backup";
  }

  /**
   * The digest memo (stage.sh writes it, probe.sh reads it): the installed file's identity and
   * sha256. Named like the lock, the binary path with every '/' as '_' (lock.sh).
   */
  public String digestMemo() {
    return digestMemoOf(binary);
  }

  public static String digestMemoOf(String binary) {
    return STATE_DIR + "/" + binary.replace('/', '_') + ".digest";
  }
}
