package dev.fleet.sandbox;

/** The one polling interval of the sandbox: short, because hosts come up in milliseconds. */
final class Sleep {
  private Sleep() {}

  static void briefly() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SandboxException("interrupted while waiting for sandbox hosts", e);
    }
  }
}
