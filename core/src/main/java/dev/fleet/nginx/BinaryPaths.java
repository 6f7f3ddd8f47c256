package dev.fleet.nginx;

/** Where fleet puts files beside nginx.binary: the upload and the kept backup. */
record BinaryPaths(String binary) {

  /** The upload lands beside the binary so the final rename stays within one file system. */
  String staged() {
    int slash = binary.lastIndexOf('/');
    return binary.substring(0, slash + 1) + "." + binary.substring(slash + 1) + ".fleet-new";
  }

  /** Where the replaced binary is kept, for rollback now and `fleet rollback` later. */
  String backup() {
    return backupOf(binary);
  }

  static String backupOf(String binary) {
    return binary + ".fleet-backup";
  }
}
