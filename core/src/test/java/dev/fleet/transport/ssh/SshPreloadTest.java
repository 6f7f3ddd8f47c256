package dev.fleet.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.sshd.common.util.security.SecurityUtils;
import org.junit.jupiter.api.Test;

/**
 * The preload swallows its errors (the first connect reports them), so a preload that broke,
 * for example after an Apache SSHD upgrade, would only make fleet slower: this says so instead.
 */
class SshPreloadTest {
  @Test
  void theHandshakeMathRunsAndTheProvidersAreRegistered() throws Exception {
    assertTrue(SshPreload.warmUp(), "the throwaway Ed25519 signature verifies");
    assertTrue(SecurityUtils.isBouncyCastleRegistered());
  }
}
