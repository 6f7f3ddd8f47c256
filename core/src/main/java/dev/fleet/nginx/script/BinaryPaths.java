package dev.fleet.nginx.script;

/** Where fleet puts files beside nginx.binary: the upload and the kept backup. */
public record BinaryPaths(String binary) {

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
}
