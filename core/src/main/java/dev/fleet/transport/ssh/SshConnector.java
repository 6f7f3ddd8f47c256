package dev.fleet.transport.ssh;

import dev.fleet.inventory.Host;
import dev.fleet.transport.Connection;
import dev.fleet.transport.Connector;
import dev.fleet.transport.TransportException;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.config.hosts.HostConfigEntry;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.core.CoreModuleProperties;

/**
 * Connects to hosts with Apache SSHD. One connector serves a whole run: it shares one SSH client
 * (two when some host needs legacy algorithms) and reads each private key once. Transient
 * failures are retried with backoff; rejected logins and host key problems never are.
 */
public final class SshConnector implements Connector {
  private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final SshOptions options;
  private final TargetPlanner planner;
  private final RetryConfig retry;
  private final Object clientsLock = new Object();
  private SshClient modern;
  private SshClient legacy;

  public SshConnector() {
    this(SshOptions.defaults());
  }

  public SshConnector(SshOptions options) {
    this(options, System::getenv);
  }

  /** {@code environment} stands in for {@link System#getenv(String)} (passphrase variables). */
  public SshConnector(SshOptions options, Function<String, String> environment) {
    this.options = options;
    HostNames names = new HostNames(options.sshConfig());
    this.planner = new TargetPlanner(names, new KeyFiles(environment));
    this.retry =
        RetryConfig.custom()
            .maxAttempts(options.connectAttempts())
            .intervalFunction(IntervalFunction.ofExponentialBackoff(options.firstBackoff(), 2.0))
            .retryOnException(e -> e instanceof TransportException t && t.retryable())
            .build();
  }

  @Override
  public Connection connect(Host host) throws TransportException {
    ConnectTarget target = planner.plan(host);
    Retry attempts = Retry.of("connect " + host.name(), retry);
    try {
      return attempts.executeCallable(() -> attempt(target));
    } catch (TransportException e) {
      throw e;
    } catch (Exception e) {
      throw new TransportException(host.name() + ": " + e.getMessage(), false, e);
    }
  }

  private Connection attempt(ConnectTarget target) throws TransportException {
    Host host = target.host();
    Duration timeout = connectTimeout(host);
    HostConfigEntry entry =
        new HostConfigEntry(
            host.address(), target.hostName(), target.port(), target.user(), target.jump());
    entry.setIdentities(List.of());
    AttributeRepository context = AttributeRepository.ofKeyValuePair(ConnectTarget.KEY, target);
    ClientSession session = null;
    try {
      session = client(host).connect(entry, context, null).verify(timeout).getSession();
      CoreModuleProperties.HEARTBEAT_INTERVAL.set(session, keepalive(host));
      session.auth().verify(timeout);
      return new SshConnection(host, session, options);
    } catch (IOException | RuntimeException e) {
      if (session != null) {
        session.close(true);
      }
      throw ConnectFailure.explain(target, timeout, e);
    }
  }

  private SshClient client(Host host) {
    synchronized (clientsLock) {
      if (host.ssh().legacyAlgorithms()) {
        if (legacy == null) {
          legacy = ClientSetup.start(true, options, AgentSocket.factory(options));
        }
        return legacy;
      }
      if (modern == null) {
        modern = ClientSetup.start(false, options, AgentSocket.factory(options));
      }
      return modern;
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
    synchronized (clientsLock) {
      for (SshClient client : new SshClient[] {modern, legacy}) {
        if (client != null) {
          client.stop();
        }
      }
      modern = null;
      legacy = null;
    }
  }
}
