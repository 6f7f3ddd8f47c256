package dev.fleet.nginx.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.inventory.NginxSettings;
import dev.fleet.transport.CommandResult;
import dev.fleet.transport.Connection;
import dev.fleet.transport.RecordStream;
import dev.fleet.transport.RemoteCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * Pure logic: which of the health check's URLs fleet asks over the SSH connection and which the
 * host asks, against a connection scripted with what each URL answers it.
 */
class HealthAsksTest {
  private static final NginxSettings WITH_URL =
      new NginxSettings("/usr/sbin/nginx", "/run/nginx.pid", "/var/log/nginx/error.log", "http://10.0.0.5/up", 200);
  private static final NginxSettings WITH_TLS_URL =
      new NginxSettings("/usr/sbin/nginx", "/run/nginx.pid", "/var/log/nginx/error.log", "https://10.0.0.5/up", 200);
  private static final NginxSettings LISTENERS =
      new NginxSettings("/usr/sbin/nginx", "/run/nginx.pid", "/var/log/nginx/error.log", null, 200);

  /** Answers startHttpAsk from {@code statuses} (absent: cannot ask), the host's requests with {@code hostSays}. */
  static final class ScriptedConnection implements Connection {
    final Map<String, Integer> statuses;
    final boolean mayAsk;
    final String hostSays;
    final List<String> askedByFleet = new ArrayList<>();
    final List<List<String>> hostRequests = new ArrayList<>();

    ScriptedConnection(Map<String, Integer> statuses, boolean mayAsk, String hostSays) {
      this.statuses = statuses;
      this.mayAsk = mayAsk;
      this.hostSays = hostSays;
    }

    @Override
    public HttpAsk startHttpAsk(String url, Duration within) {
      askedByFleet.add(url);
      Integer status = statuses.get(url);
      return () -> status == null ? OptionalInt.empty() : OptionalInt.of(status);
    }

    @Override
    public boolean mayAskHttp() {
      return mayAsk;
    }

    @Override
    public CommandResult run(RemoteCommand command, Duration timeout) {
      hostRequests.add(command.args());
      return new CommandResult(0, hostSays, "");
    }

    @Override
    public String host() {
      return "web1";
    }

    @Override
    public CommandResult run(RemoteCommand command, Path input, Duration timeout) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CommandResult runWithSecret(RemoteCommand command, String secret, Duration timeout) {
      throw new UnsupportedOperationException();
    }

    @Override
    public RecordStream stream(RemoteCommand command, Duration timeout) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }

  @Test
  void preflightsPlainHealthUrlIsAskedByFleetAndTheScriptAsksNothing() throws Exception {
    ScriptedConnection c = new ScriptedConnection(Map.of("http://10.0.0.5/up", 200), true, "");
    HealthAsks.Split t = HealthAsks.targets(c, WITH_URL);
    assertEquals(List.of("off", ""), t.arguments());
    HealthAsks.Asking asking = t.start(c);
    assertEquals(List.of("http://10.0.0.5/up"), c.askedByFleet, "sent before the script runs");
    assertEquals(List.of(new HealthAnswers.Answer("http://10.0.0.5/up", 200)), asking.answers(c, "pidfile 1\n").answers());
    assertEquals(List.of(), c.hostRequests);
  }

  @Test
  void whereFleetCannotAskTheScriptAsksAsBefore() throws Exception {
    // Known refused, https, no health URL: each leaves it all to the host.
    ScriptedConnection known = new ScriptedConnection(Map.of("http://10.0.0.5/up", 200), false, "");
    HealthAsks.Split byHost = HealthAsks.targets(known, WITH_URL);
    assertEquals(List.of("url", "http://10.0.0.5/up"), byHost.arguments());
    assertEquals(
        List.of(new HealthAnswers.Answer("http://10.0.0.5/up", 503)),
        byHost.start(known).answers(known, "answer http://10.0.0.5/up 503\n").answers());
    assertEquals(List.of(), known.askedByFleet, "a host known to refuse is not asked");
    assertEquals(List.of("url", "https://10.0.0.5/up"), HealthAsks.targets(new ScriptedConnection(Map.of(), true, ""), WITH_TLS_URL).arguments());
    assertEquals(List.of("listeners", "4"), HealthAsks.targets(new ScriptedConnection(Map.of(), true, ""), LISTENERS).arguments());
  }

  @Test
  void aHostThatRefusesAtItsFirstAskAsksInARequestOfItsOwn() throws Exception {
    ScriptedConnection c = new ScriptedConnection(Map.of(), true, "answer http://10.0.0.5/up 200\n");
    HealthAsks.Split t = HealthAsks.targets(c, WITH_URL);
    HealthAnswers answers = t.start(c).answers(c, "pidfile 1\n");
    assertEquals(List.of(List.of("", "insecure", "http://10.0.0.5/up")), c.hostRequests);
    assertEquals(List.of(new HealthAnswers.Answer("http://10.0.0.5/up", 200)), answers.answers());
  }

  @Test
  void verifySplitsPreflightsAddressesByScheme() throws Exception {
    HealthAnswers before = HealthAnswers.parse(
        "answer http://10.0.0.5:80/ 200\nanswer https://10.0.0.5:443/ 404\nanswer http://10.0.0.5:8080/ 000\n");
    ScriptedConnection c = new ScriptedConnection(Map.of("http://10.0.0.5:80/", 200), true, "");
    HealthAsks.Split v = HealthAsks.verify(c, LISTENERS, Optional.of(before));
    // Only what answered in preflight is asked again; TLS stays with the host's curl.
    assertEquals(List.of("insecure", "https://10.0.0.5:443/"), v.arguments());
    assertEquals(List.of("http://10.0.0.5:80/"), v.fleetAsks());
    HealthAnswers now = v.start(c).answers(c, "health\nanswer https://10.0.0.5:443/ 404\n");
    assertEquals(Optional.empty(), HealthCheck.judge(LISTENERS, Optional.of(before), now));
    assertEquals(List.of(), c.hostRequests);
  }

  @Test
  void verifysHealthUrlIsAskedByFleetWhenTheRecordComes() throws Exception {
    ScriptedConnection c = new ScriptedConnection(Map.of("http://10.0.0.5/up", 500), true, "");
    HealthAsks.Split v = HealthAsks.verify(c, WITH_URL, Optional.empty());
    assertEquals(List.of("off", ""), v.arguments());
    assertEquals(List.of(), c.askedByFleet, "nothing is asked until it starts");
    HealthAnswers now = v.start(c).answers(c, "health\n");
    assertEquals(
        Optional.of("health check http://10.0.0.5/up answered 500, expected 200"),
        HealthCheck.judge(WITH_URL, Optional.empty(), now));
  }

  @Test
  void aHostThatRefusesOnlyAtVerifyAsksInARequestOfItsOwn() throws Exception {
    ScriptedConnection c = new ScriptedConnection(Map.of(), true, "answer http://10.0.0.5/up 200\n");
    HealthAsks.Split v = HealthAsks.verify(c, WITH_URL, Optional.empty());
    HealthAnswers now = v.start(c).answers(c, "health\n");
    assertEquals(List.of(List.of("", "insecure", "http://10.0.0.5/up")), c.hostRequests);
    assertEquals(Optional.empty(), HealthCheck.judge(WITH_URL, Optional.empty(), now));
  }

  @Test
  void aHostKnownToRefuseAsksItAllInSoak() {
    HealthAsks.Split v = HealthAsks.verify(new ScriptedConnection(Map.of(), false, ""), WITH_URL, Optional.empty());
    assertEquals(List.of("url", "http://10.0.0.5/up"), v.arguments());
    assertTrue(v.fleetAsks().isEmpty());
  }
}
