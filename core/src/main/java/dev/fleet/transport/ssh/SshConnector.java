package dev.fleet.transport.ssh;

import dev.fleet.inventory.Host;
import dev.fleet.transport.ConnectRetry;
import dev.fleet.transport.Connection;
import dev.fleet.transport.Connector;
import dev.fleet.transport.TransportException;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.config.hosts.HostConfigEntry;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;

/**
 * Connects to hosts with Apache SSHD. One connector serves a whole run: it shares one SSH client
 * (one more per distinct legacy-algorithm or keepalive setting) and reads each private key once. Transient
 * failures are retried with backoff; rejected logins and host key problems never are.
 */
public final class SshConnector implements Connector {
  private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final SshOptions options;
  private final HostNames names;
  private final Function<String, String> environment;
  private final TargetPlanner planner;
  private final ConnectRetry retry;
  /** Pauses between tries double up to this: a host coming back is noticed within seconds. */
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
  /** Algorithms and keepalive are fixed when SSHD creates a session, so they pick the client. */
  private record ClientKind(boolean legacy, Duration keepalive) {
    // Written out: a record's generated equals and hashCode are linked at their first call through
    // method handles, and this map key's cost 13 classes spun at run time in every run.
    @Override
    public boolean equals(Object other) {
      return other instanceof ClientKind k && k.legacy == legacy && Objects.equals(k.keepalive, keepalive);
    }

    @Override
    public int hashCode() {
      return 31 * Boolean.hashCode(legacy) + Objects.hashCode(keepalive);
    }
  }

  private final Map<ClientKind, SshClient> clients = new HashMap<>();
  /** The pieces of the options' scripts, cut and quoted once for every shell of this connector. */
  private final ShellLibrary library;
  /**
   * Uploads in flight at once, over all hosts. Apache SSHD queues what a command's stdin is given
   * without waiting for the socket, up to the host's window (OpenSSH: 2 MiB), so each upload can
   * hold that much of the JVM's heap; sixteen bound it to 32 MiB. A 200-host run at parallel 100
   * peaked at 345 MB without a bound, 252 MB with it, and finished in 22.7 s instead of 26
   * (bench/rollout, table 2): an upload is CPU on both ends, more at once do not go faster.
   */
  static final int UPLOADS_AT_ONCE = 16;

  private final Semaphore uploads = new Semaphore(UPLOADS_AT_ONCE, true);

  /** Uploads waiting for a permit now: lets a test see the limit hold without a time window. */
  int uploadsWaiting() {
    return uploads.getQueueLength();
  }

  /**
   * Whether this JVM's connections send their commands through a persistent shell (the default)
   * or as one exec each ({@code -Dfleet.ssh.shell=exec}).
   */
  public static boolean persistentShells() {
    return Shells.enabled();
  }

  public SshConnector() {
    this(SshOptions.defaults());
  }

  public SshConnector(SshOptions options) {
    this(options, System::getenv);
  }

  /**
   * {@code environment} stands in for {@link System#getenv(String)}: passphrase variables and
   * SSH_AUTH_SOCK.
   */
  public SshConnector(SshOptions options, Function<String, String> environment) {
    this.options = options;
    this.environment = environment;
    this.library = ShellLibrary.of(options.shellScripts());
    this.names = new HostNames(options.sshConfig());
    this.planner = new TargetPlanner(names, new KeyFiles(environment));
    this.retry = new ConnectRetry(options.connectAttempts(), options.firstBackoff(), MAX_BACKOFF);
  }

  /**
   * connect_timeout bounds the whole connect, tries and pauses between them included; the host's
   * connect_attempts (else the options') bound the tries.
   */
  @Override
  public Connection connect(Host host) throws TransportException {
    ConnectTarget target = planner.plan(host);
    int attempts = host.ssh().connectAttempts();
    ConnectRetry tries = attempts > 0 ? retry.withAttempts(attempts) : retry;
    return tries.connect(connectTimeout(host), within -> attempt(target, within));
  }

  /** Tries until {@code window} has passed, each try bounded by connect_timeout. */
  @Override
  public Connection reconnect(Host host, Duration window) throws TransportException {
    ConnectTarget target = planner.plan(host);
    Duration each = connectTimeout(host);
    return retry.untilDeadline().connect(window, within -> attempt(target, within.compareTo(each) < 0 ? within : each));
  }

  /** One try: TCP, key exchange and authentication, all within {@code timeout}. */
  private Connection attempt(ConnectTarget target, Duration timeout) throws TransportException {
    Host host = target.host();
    long end = System.nanoTime() + timeout.toNanos();
    HostConfigEntry entry =
        new HostConfigEntry(
            host.address(), target.hostName(), target.port(), target.user(), target.jump());
    entry.setIdentities(List.of());
    AttributeRepository context = AttributeRepository.ofKeyValuePair(ConnectTarget.KEY, target);
    ClientSession session = null;
    try {
      session = client(host).connect(entry, context, null).verify(timeout).getSession();
      // The key exchange and authentication get what is left: a peer that accepts TCP and then
      // says nothing costs connect_timeout, not twice that.
      session.auth().verify(Duration.ofNanos(Math.max(end - System.nanoTime(), 1_000_000)));
      return new SshConnection(host, session, options, uploads, library);
    } catch (IOException | RuntimeException e) {
      if (session != null) {
        session.close(true);
      }
      throw ConnectFailure.explain(target, timeout, e);
    }
  }

  private SshClient client(Host host) {
    ClientKind kind = new ClientKind(host.ssh().legacyAlgorithms(), keepalive(host));
    synchronized (clients) {
      return clients.computeIfAbsent(
          kind,
          k -> ClientSetup.start(
                  k.legacy(), k.keepalive(), options, names, AgentSocket.factory(options, environment)));
    }
  }

  private static Duration connectTimeout(Host host) {
    Duration configured = host.ssh().connectTimeout();
    return configured == null || configured.isZero() ? DEFAULT_CONNECT_TIMEOUT : configured;
  }

  private Duration keepalive(Host host) {
    Duration configured = host.ssh().keepalive();
    return configured == null || configured.isZero() ? options.keepalive() : configured;
  }

  @Override
  public void close() {
    synchronized (clients) {
      clients.values().forEach(SshClient::stop);
      clients.clear();
    }
  }
}
