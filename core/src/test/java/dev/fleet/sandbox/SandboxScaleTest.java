package dev.fleet.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.testing.LoopbackNetworks;
import dev.fleet.testing.RealFleetTest;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Hosts start in parallel: twenty come up in a few seconds, all serving. */
@RealFleetTest
class SandboxScaleTest {

  @Test
  void twentyHostsComeUpWithinAFewSecondsAndAllServe() throws InterruptedException {
    SandboxSpec spec =
        SandboxSpec.of(Path.of("target", "sandbox", "SandboxScaleTest"), 20)
            .withNetworkPrefix(LoopbackNetworks.claim());
    long started = System.nanoTime();
    try (SandboxFleet fleet = Sandbox.up(spec)) {
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      System.out.println("sandbox: 20 hosts up in " + took.toMillis() + " ms");
      assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "20 hosts took " + took);

      HttpLoad load = new HttpLoad(fleet.healthUrls()).start();
      Thread.sleep(500);
      HttpLoadStats stats = load.stop();
      assertEquals(0, stats.failed(), stats.toString());
      fleet.healthUrls().forEach(url -> assertTrue(stats.of(url).ok() > 0, url + " never answered"));
    }
  }
}
