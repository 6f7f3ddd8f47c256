package dev.fleet.inventory;

/**
 * Command-line values that replace the inventory's upgrade settings, exactly as typed; null means
 * "not given". The loader validates them like inventory values and names the flag in errors
 * ({@code --parallel: "x" is not a whole number}). {@code batches} is comma-separated
 * ({@code 1,10%,100%}); a relative {@code binary} is relative to the working directory.
 * {@code binaryUrl} and {@code binaryUrlAuthEnv} come last so the older constructor stays.
 */
public record UpgradeOverrides(
    String binary,
    String sha256,
    String batches,
    String parallel,
    String maxFailures,
    String canaryMaxFailures,
    String pause,
    String soak,
    String drainTimeout,
    String rollback,
    String binaryUrl,
    String binaryUrlAuthEnv) {

  public UpgradeOverrides(
      String binary,
      String sha256,
      String batches,
      String parallel,
      String maxFailures,
      String canaryMaxFailures,
      String pause,
      String soak,
      String drainTimeout,
      String rollback) {
    this(binary, sha256, batches, parallel, maxFailures, canaryMaxFailures, pause, soak, drainTimeout, rollback,
        null, null);
  }

  public static UpgradeOverrides none() {
    return new UpgradeOverrides(null, null, null, null, null, null, null, null, null, null);
  }
}
