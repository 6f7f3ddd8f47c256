package dev.fleet.sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What sandbox to start. Host {@code i} (from 1) is named {@code namePrefix + i} and listens on
 * {@code networkPrefix + "." + (10 + i)}, so fleets with different network prefixes never collide.
 * That holds for the first 244: a /24 holds {@value #HOSTS_PER_NETWORK} hosts (.11 to .254);
 * host 245 and later continue in the next /24s, at .11 again ({@code 127.40.0.254}, then
 * {@code 127.40.1.11}), so a sandbox of more hosts takes {@link #networkPrefixes()}, several
 * consecutive prefixes from {@code networkPrefix}.
 *
 * @param dir the state directory: keys, inventory, one directory per host, logs
 * @param hosts how many hosts
 * @param namePrefix host names are this plus a number ("web" gives web1, web2...)
 * @param networkPrefix the first three octets of a loopback address, like {@code 127.20.0}; the
 *     first of {@link #networkPrefixes()}
 * @param sshPort where every host's sshd listens
 * @param nginxWorkers worker_processes of every host's nginx
 * @param loginUser the user the inventory logs in as: {@code root}, or {@code deploy} with sudo
 * @param sftp whether sshd offers the sftp subsystem (a host without it is a fault case)
 * @param healthUrl whether the inventory names each host's {@code nginx.health_url}; without it,
 *     as in a first inventory written for a fleet whose nginx listens on each host's own address
 *     only, verify asks what each master listens on
 * @param tlsListener whether nginx also listens on the host's address at 443 with TLS (a
 *     self-signed certificate), so the health check meets a TLS listener
 * @param tcpForwarding whether sshd opens TCP connections for its logins, as OpenSSH does by
 *     default (a host with {@code AllowTcpForwarding no} is a fault case: the host's curl asks)
 */
public record SandboxSpec(
    Path dir,
    int hosts,
    String namePrefix,
    String networkPrefix,
    int sshPort,
    int nginxWorkers,
    String loginUser,
    boolean sftp,
    boolean healthUrl,
    boolean tlsListener,
    boolean tcpForwarding) {

  public static final String ROOT = "root";
  public static final String DEPLOY = "deploy";
  /** Host addresses in each /24: .11 to .254 (.1 to .10 are left to anything else on the /24). */
  public static final int HOSTS_PER_NETWORK = 244;
  /**
   * The most hosts a sandbox starts: 2000 is nine /24s, and about 10,000 processes on the machine
   * (an sshd and an nginx master with its workers each); more than a benchmark of one controller needs.
   */
  public static final int MAX_HOSTS = 2000;
  private static final int FIRST_HOST_OCTET = 11;
  private static final Pattern LOOPBACK_PREFIX = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}");
  private static final Pattern HOST_NAME = Pattern.compile("[a-z][a-z0-9-]{0,30}");
  // Overlay mount options and the host's shell script cannot carry these safely.
  private static final Pattern UNSAFE_IN_DIR = Pattern.compile("[,:\\s\"'\\\\]");

  public SandboxSpec {
    dir = Objects.requireNonNull(dir, "dir").toAbsolutePath().normalize();
    if (UNSAFE_IN_DIR.matcher(dir.toString()).find()) {
      throw new IllegalArgumentException(
          "sandbox dir " + dir + " must not contain commas, colons, quotes or whitespace");
    }
    if (hosts < 1 || hosts > MAX_HOSTS) {
      throw new IllegalArgumentException("a sandbox holds 1 to " + MAX_HOSTS + " hosts, not " + hosts);
    }
    if (!HOST_NAME.matcher(namePrefix).matches()) {
      throw new IllegalArgumentException("host name prefix '" + namePrefix + "' is not a hostname");
    }
    if (!LOOPBACK_PREFIX.matcher(networkPrefix).matches() || !octetsFit(networkPrefix)) {
      throw new IllegalArgumentException(
          "network prefix '" + networkPrefix + "' must look like 127.20.0 (loopback only)");
    }
    int lastThird = thirdOctet(networkPrefix) + networksFor(hosts) - 1;
    if (lastThird > 255) {
      throw new IllegalArgumentException(
          hosts + " hosts need " + networksFor(hosts) + " /24s from network prefix '" + networkPrefix
              + "' (" + HOSTS_PER_NETWORK + " hosts each), which would end at third octet " + lastThird
              + ", past 255; choose a prefix with a lower third octet");
    }
    if (sshPort < 1 || sshPort > 65535 || sshPort == 80 || (tlsListener && sshPort == 443)) {
      throw new IllegalArgumentException("ssh port " + sshPort + " is not usable (80 and 443 are nginx's)");
    }
    if (nginxWorkers < 1) {
      throw new IllegalArgumentException("nginx needs at least one worker");
    }
    if (!loginUser.equals(ROOT) && !loginUser.equals(DEPLOY)) {
      throw new IllegalArgumentException("login user must be root or deploy, not " + loginUser);
    }
  }

  /** Defaults: hosts web1..webN on 127.20.0.11..., ssh on 22, 2 workers, root login, sftp on. */
  public static SandboxSpec of(Path dir, int hosts) {
    return new SandboxSpec(dir, hosts, "web", "127.20.0", 22, 2, ROOT, true, true, false, true);
  }

  public SandboxSpec withNetworkPrefix(String prefix) {
    return new SandboxSpec(dir, hosts, namePrefix, prefix, sshPort, nginxWorkers, loginUser, sftp, healthUrl, tlsListener, tcpForwarding);
  }

  public SandboxSpec withSshPort(int port) {
    return new SandboxSpec(dir, hosts, namePrefix, networkPrefix, port, nginxWorkers, loginUser, sftp, healthUrl, tlsListener, tcpForwarding);
  }

  /** {@code root}, or {@code deploy}, which the inventory then marks {@code sudo: true}. */
  public SandboxSpec withLoginUser(String user) {
    return new SandboxSpec(dir, hosts, namePrefix, networkPrefix, sshPort, nginxWorkers, user, sftp, healthUrl, tlsListener, tcpForwarding);
  }

  public SandboxSpec withoutSftp() {
    return new SandboxSpec(dir, hosts, namePrefix, networkPrefix, sshPort, nginxWorkers, loginUser, false, healthUrl, tlsListener, tcpForwarding);
  }

  /** The inventory names no health_url, as a user's first one would. */
  public SandboxSpec withoutHealthUrl() {
    return new SandboxSpec(dir, hosts, namePrefix, networkPrefix, sshPort, nginxWorkers, loginUser, sftp, false, tlsListener, tcpForwarding);
  }

  /** nginx also serves TLS on the host's address at 443, with a self-signed certificate. */
  public SandboxSpec withTlsListener() {
    return new SandboxSpec(dir, hosts, namePrefix, networkPrefix, sshPort, nginxWorkers, loginUser, sftp, healthUrl, true, tcpForwarding);
  }

  /** sshd refuses to open TCP connections for its logins ({@code AllowTcpForwarding no}). */
  public SandboxSpec withoutTcpForwarding() {
    return new SandboxSpec(dir, hosts, namePrefix, networkPrefix, sshPort, nginxWorkers, loginUser, sftp, healthUrl, tlsListener, false);
  }

  public String hostName(int index) {
    return namePrefix + index;
  }

  /** Host {@code index} (from 1): .11 to .254 of the first /24, then on into the next ones. */
  public String hostAddress(int index) {
    if (index < 1 || index > hosts) {
      throw new IllegalArgumentException("the sandbox has hosts 1 to " + hosts + ", not " + index);
    }
    int network = (index - 1) / HOSTS_PER_NETWORK;
    int host = FIRST_HOST_OCTET + (index - 1) % HOSTS_PER_NETWORK;
    return networkPrefixes().get(network) + "." + host;
  }

  /** Every /24 the hosts live on, in host order: {@code networkPrefix} and the ones after it. */
  public List<String> networkPrefixes() {
    String firstTwo = networkPrefix.substring(0, networkPrefix.lastIndexOf('.'));
    List<String> prefixes = new ArrayList<>();
    for (int i = 0; i < networksFor(hosts); i++) {
      prefixes.add(firstTwo + "." + (thirdOctet(networkPrefix) + i));
    }
    return prefixes;
  }

  /** How many consecutive /24s a sandbox of {@code hosts} hosts takes. */
  public static int networksFor(int hosts) {
    return Math.max(1, (hosts + HOSTS_PER_NETWORK - 1) / HOSTS_PER_NETWORK);
  }

  private static int thirdOctet(String prefix) {
    return Integer.parseInt(prefix.substring(prefix.lastIndexOf('.') + 1));
  }

  private static boolean octetsFit(String prefix) {
    for (String octet : prefix.split("\\.")) {
      if (Integer.parseInt(octet) > 255) {
        return false;
      }
    }
    return true;
  }
}
