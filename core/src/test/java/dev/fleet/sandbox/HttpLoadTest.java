package dev.fleet.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.testing.RealFleet;
import dev.fleet.testing.RealFleetTest;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@RealFleetTest
class HttpLoadTest {
  @RegisterExtension static final RealFleet fleet = RealFleet.withHosts(2);

  @Test
  void countsEveryRequestToLiveHostsAsOk() throws Exception {
    List<URI> urls = fleet.sandbox().healthUrls();
    HttpLoad load = new HttpLoad(urls).start();
    LoadWatch.awaitEveryUrl(load, (url, sofar) -> sofar.sent() > 10, "more than 10 requests to each URL");
    HttpLoadStats stats = load.stop();

    assertEquals(0, stats.failed(), stats.toString());
    assertEquals(stats.sent(), stats.ok());
    for (URI url : urls) {
      assertTrue(stats.of(url).sent() > 10, url + ": " + stats);
    }
  }

  @Test
  void countsRefusedConnectionsAsFailuresWithTheirReason() throws Exception {
    // web1's address, but a port nothing listens on
    URI nowhere = URI.create("http://" + fleet.host("web1").address() + ":8999/");
    HttpLoad load = new HttpLoad(List.of(nowhere)).start();
    // Enough requests to fill the kept reasons (5), however long they take to go out.
    LoadWatch.awaitEveryUrl(load, (url, sofar) -> sofar.sent() > 5, "more than 5 refused requests");
    HttpLoadStats stats = load.stop();

    assertTrue(stats.sent() > 0);
    assertEquals(stats.sent(), stats.failed());
    List<String> reasons = stats.of(nowhere).firstFailures();
    assertEquals(5, reasons.size());
    assertTrue(reasons.get(0).contains("Connection refused"), reasons.get(0));
  }

  @Test
  void stopsByItselfAfterItsMaximumDuration() throws Exception {
    HttpLoadOptions options = HttpLoadOptions.defaults().withMaxDuration(Duration.ofMillis(200));
    HttpLoad load = new HttpLoad(fleet.sandbox().healthUrls(), options).start();
    // Nobody calls stop(): the threads must end by themselves. A minute is far past the 200 ms
    // maximum and far short of the 5 minute default, so only the maximum can have ended them.
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (load.isRunning()) {
      assertTrue(System.nanoTime() < deadline, "still sending a minute after its 200 ms maximum duration");
      Thread.sleep(10);
    }

    assertFalse(load.isRunning());
    HttpLoadStats stats = load.stop();
    assertTrue(stats.sent() > 0, "it ran before it stopped: " + stats);
    assertEquals(0, stats.failed(), stats.toString());
  }

  @Test
  void refusesAnythingButLoopback() {
    assertThrows(IllegalArgumentException.class, () -> new HttpLoad(List.of(URI.create("http://192.0.2.1/"))));
    assertThrows(IllegalArgumentException.class, () -> new HttpLoad(List.of(URI.create("https://127.0.0.1/"))));
  }
}
