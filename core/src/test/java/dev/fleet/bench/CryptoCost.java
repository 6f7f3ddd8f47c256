package dev.fleet.bench;

import dev.fleet.sandbox.Sandbox;
import dev.fleet.sandbox.SandboxFleet;
import dev.fleet.sandbox.SandboxSpec;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.sshd.client.ClientBuilder;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ClientChannel;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.kex.KexProposalOption;
import org.apache.sshd.common.mac.BuiltinMacs;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * Not a test: the controller's CPU per connection (key exchange, auth, one {@code true}) and per
 * MB sent, for each key exchange and cipher worth comparing, against one sandbox host's OpenSSH.
 * Run with {@code sudo bench/crypto [CONNECTS=40] [MB=64] [NETWORK=127.42.0]}; the JVM options
 * of the run are this JVM's (e.g. C1 only through JAVA_TOOL_OPTIONS). The host is the bench's own
 * sandbox host, so its key is accepted unchecked.
 */
public final class CryptoCost {
  private CryptoCost() {}

  static com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  public static void main(String[] a) throws Exception {
    int n = a.length > 0 ? Integer.parseInt(a[0]) : 40;
    int mb = a.length > 1 ? Integer.parseInt(a[1]) : 64;
    String network = a.length > 2 ? a[2] : "127.42.0";
    Path dir = Path.of("target", "bench-crypto").toAbsolutePath();
    try (SandboxFleet fleet = Sandbox.up(SandboxSpec.of(dir, 1).withNetworkPrefix(network))) {
      measure(fleet.hosts().get(0).address(), fleet.clientKey(), n, mb);
    }
  }

  private static void measure(String host, Path key, int n, int mb) throws Exception {
    KeyPair kp;
    try (var in = Files.newInputStream(key)) {
      kp = SecurityUtils.loadKeyPairIdentities(null, null, in, null).iterator().next();
    }
    String[][] variants = {
      {"curve25519-sha256", "aes128-gcm@openssh.com"},
      {"ecdh-sha2-nistp256", "aes128-gcm@openssh.com"},
      {"sntrup761x25519-sha512@openssh.com", "aes128-gcm@openssh.com"},
      {"curve25519-sha256", "aes256-gcm@openssh.com"},
      {"curve25519-sha256", "chacha20-poly1305@openssh.com"},
      {"curve25519-sha256", "aes128-ctr"},
    };
    Map<String, List<Double>> connCpu = new LinkedHashMap<>(), mbCpu = new LinkedHashMap<>();
    for (int round = -1; round < 3; round++) {
      for (String[] v : variants) {
        SshClient c = SshClient.setUpDefaultClient();
        c.setKeyExchangeFactories(List.of(ClientBuilder.DH2KEX.apply(BuiltinDHFactories.fromFactoryName(v[0]))));
        c.setCipherFactories(List.of(BuiltinCiphers.fromFactoryName(v[1])));
        c.setMacFactories(List.of(BuiltinMacs.hmacsha256etm));
        c.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        c.start();
        long cpu0 = os.getProcessCpuTime();
        String neg = "";
        for (int i = 0; i < n; i++) {
          try (ClientSession s = c.connect("root", host, 22).verify(10000).getSession()) {
            s.addPublicKeyIdentity(kp);
            s.auth().verify(10000);
            neg = s.getNegotiatedKexParameter(KexProposalOption.ALGORITHMS) + " " + s.getNegotiatedKexParameter(KexProposalOption.C2SENC)
                + " " + s.getNegotiatedKexParameter(KexProposalOption.C2SMAC) + " " + s.getNegotiatedKexParameter(KexProposalOption.SERVERKEYS);
            try (ClientChannel ch = s.createExecChannel("true")) { ch.open().verify(10000); ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), 10000); }
          }
        }
        long cpu1 = os.getProcessCpuTime();
        double perConn = (cpu1 - cpu0) / 1e6 / n;
        double perMb = 0;
        if (mb > 0) {
          try (ClientSession s = c.connect("root", host, 22).verify(10000).getSession()) {
            s.addPublicKeyIdentity(kp); s.auth().verify(10000);
            byte[] buf = new byte[32768];
            long c0 = os.getProcessCpuTime();
            try (ClientChannel ch = s.createExecChannel("cat > /dev/null")) {
              ch.setRedirectErrorStream(true);
              ch.open().verify(10000);
              var out = ch.getInvertedIn();
              for (int i = 0; i < mb * 32; i++) out.write(buf);
              out.close();
              ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), 60000);
            }
            perMb = (os.getProcessCpuTime() - c0) / 1e6 / mb;
          }
        }
        c.stop();
        if (round >= 0) {
          connCpu.computeIfAbsent(v[0] + " " + v[1], k -> new ArrayList<>()).add(perConn);
          mbCpu.computeIfAbsent(v[0] + " " + v[1], k -> new ArrayList<>()).add(perMb);
        } else {
          System.out.println("negotiated: " + neg);
        }
      }
    }
    connCpu.forEach((k, l) -> {
      Collections.sort(l);
      List<Double> m = mbCpu.get(k);
      Collections.sort(m);
      System.out.printf("%-60s connect+auth+exec CPU ms median %.1f (%s)  per MB %.2f ms%n", k, l.get(1), l, m.get(1));
    });
  }
}
