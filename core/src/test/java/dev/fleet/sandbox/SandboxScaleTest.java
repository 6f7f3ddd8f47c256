package dev.fleet.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.testing.LoopbackNetworks;
import dev.fleet.testing.RealFleetTest;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Twenty hosts come up at once, all serving. How long that takes is printed, not asserted: it
 * depends on what else the machine runs (the bench measures it).
 */
@RealFleetTest
class SandboxScaleTest {

  @Test
  void twentyHostsComeUpAndAllServe() throws InterruptedException {
    SandboxSpec spec =
        SandboxSpec.of(Path.of("target", "sandbox", "SandboxScaleTest"), 20)
            .withNetworkPrefix(LoopbackNetworks.claim());
    long started = System.nanoTime();
    try (SandboxFleet fleet = Sandbox.up(spec)) {
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      System.out.println("sandbox: 20 hosts up in " + took.toMillis() + " ms");
      assertEquals(20, fleet.hosts().size());
      fleet.hosts().forEach(host -> assertTrue(host.isRunning(), host + " is not running"));

      HttpLoad load = new HttpLoad(fleet.healthUrls()).start();
      LoadWatch.awaitEveryUrl(load, (url, sofar) -> sofar.ok() > 0, "an answer from every host");
      HttpLoadStats stats = load.stop();
      assertEquals(0, stats.failed(), stats.toString());
      fleet.healthUrls().forEach(url -> assertTrue(stats.of(url).ok() > 0, url + " never answered"));
    }
  }
}
