package dev.fleet.transport.ssh;

import java.security.KeyPair;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.kex.AbstractDH;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.common.util.security.SecurityUtils;

/** The JVM's one-time SSH set-up, done ahead of the first connect. */
public final class SshPreload {
  private SshPreload() {}

  /**
   * Loads and initialises, on a daemon thread, what every first connect of a JVM needs: the
   * security providers (Bouncy Castle registers hundreds of algorithms), Apache SSHD's client
   * factories, and a handshake's math done once with throwaway keys (an X25519 agreement and an
   * Ed25519 signature: cold, ~65 ms of class set-up and precomputed tables, ~1 ms warm). On a
   * cold JVM that was ~250 ms of the first connect; started before the command line is parsed, it
   * runs on the other core while the inventory is read and the binary hashed. Nothing is opened,
   * so there is nothing to close.
   */
  public static void start() {
    Thread thread =
        new Thread(
            () -> {
              try {
                warmUp();
              } catch (Exception | LinkageError e) {
                // The first connect initialises the same and reports what fails.
              }
            },
            "fleet-ssh-preload");
    thread.setDaemon(true);
    thread.start();
  }

  /** The work itself; true if the throwaway signature verified (it always should). */
  static boolean warmUp() throws Exception {
    SecurityUtils.isBouncyCastleRegistered();
    SshClient.setUpDefaultClient();
    AbstractDH ours = BuiltinDHFactories.curve25519.create();
    AbstractDH theirs = BuiltinDHFactories.curve25519.create();
    ours.getE(); // our key pair: before the peer's key can be taken
    ours.setF(theirs.getE());
    byte[] secret = ours.getK();
    KeyPair key = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
    Signature signer = BuiltinSignatures.ed25519.create();
    signer.initSigner(null, key.getPrivate());
    signer.update(null, secret);
    byte[] signature = signer.sign(null);
    Signature verifier = BuiltinSignatures.ed25519.create();
    verifier.initVerifier(null, key.getPublic());
    verifier.update(null, secret);
    return verifier.verify(null, signature);
  }
}
