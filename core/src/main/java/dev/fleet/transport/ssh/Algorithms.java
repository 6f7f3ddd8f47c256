package dev.fleet.transport.ssh;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.sshd.client.ClientBuilder;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.kex.KeyExchangeFactory;
import org.apache.sshd.common.mac.BuiltinMacs;

/**
 * Which algorithms a client offers. Modern trims SHA-1 and CBC out of Apache SSHD's defaults;
 * legacy puts them back for the old hosts whose inventory entry asks for it.
 */
final class Algorithms {
  private static final Set<String> SHA1_SIGNATURES =
      Set.of("ssh-rsa", "ssh-rsa-cert-v01@openssh.com", "ssh-dss", "ssh-dss-cert-v01@openssh.com");

  private Algorithms() {}

  static void modern(SshClient client) {
    client.setKeyExchangeFactories(
        fastFirst(without(client.getKeyExchangeFactories(), n -> n.endsWith("sha1"))));
    client.setCipherFactories(gcmFirst(without(client.getCipherFactories(), Algorithms::weakCipher)));
    client.setMacFactories(without(client.getMacFactories(), Algorithms::weakMac));
    client.setSignatureFactories(without(client.getSignatureFactories(), SHA1_SIGNATURES::contains));
  }

  /**
   * AES-GCM first: the JDK runs it on the CPU's AES and carry-less multiply instructions, while
   * Apache SSHD's chacha20-poly1305, its default first choice, is plain Java and made fleet's
   * uploads CPU-bound at half of scp's throughput (bench/rollout, table 3).
   */
  static <T extends NamedResource> List<T> gcmFirst(List<T> ciphers) {
    List<T> ordered = new ArrayList<>();
    ciphers.stream().filter(c -> c.getName().startsWith("aes") && c.getName().contains("-gcm")).forEach(ordered::add);
    ciphers.stream().filter(c -> !ordered.contains(c)).forEach(ordered::add);
    return ordered;
  }

  /**
   * Post-quantum ML-KEM hybrid first where the server has it (OpenSSH 9.9+), then curve25519,
   * and only then sntrup761x25519: Bouncy Castle's pure-Java NTRU Prime costs so much CPU per
   * handshake that fifty parallel connects took seconds instead of a fraction of one (see
   * bench/connect). Servers without ML-KEM (OpenSSH 9.2) thus get curve25519, as before
   * OpenSSH 8.9 made sntrup its default.
   */
  static List<KeyExchangeFactory> fastFirst(List<KeyExchangeFactory> kex) {
    List<KeyExchangeFactory> ordered = new ArrayList<>();
    if (BuiltinDHFactories.mlkem768x25519.isSupported()) {
      ordered.add(ClientBuilder.DH2KEX.apply(BuiltinDHFactories.mlkem768x25519));
    }
    kex.stream().filter(f -> f.getName().startsWith("curve25519")).forEach(ordered::add);
    kex.stream().filter(f -> !ordered.contains(f)).forEach(ordered::add);
    return ordered;
  }

  /** Apache SSHD's defaults already carry ssh-rsa and CBC; SHA-1 MACs and group14-sha1 are added. */
  static void legacy(SshClient client) {
    var kex = fastFirst(client.getKeyExchangeFactories());
    kex.add(ClientBuilder.DH2KEX.apply(BuiltinDHFactories.dhg14));
    client.setKeyExchangeFactories(kex);
    var ciphers = new ArrayList<>(client.getCipherFactories());
    addMissing(ciphers, BuiltinCiphers.aes128cbc, BuiltinCiphers.aes256cbc);
    client.setCipherFactories(ciphers);
    var macs = new ArrayList<>(client.getMacFactories());
    addMissing(macs, BuiltinMacs.hmacsha1);
    client.setMacFactories(macs);
  }

  static boolean weakCipher(String name) {
    return name.contains("-cbc") || name.startsWith("arcfour") || name.equals("none");
  }

  static boolean weakMac(String name) {
    return name.startsWith("hmac-sha1") || name.startsWith("hmac-md5");
  }

  private static <T extends NamedResource> List<T> without(List<T> all, Predicate<String> weak) {
    return all.stream().filter(f -> !weak.test(f.getName())).toList();
  }

  @SafeVarargs
  private static <T extends NamedResource> void addMissing(List<T> list, T... extra) {
    for (T factory : extra) {
      if (list.stream().noneMatch(f -> f.getName().equals(factory.getName()))) {
        list.add(factory);
      }
    }
  }
}
