package dev.fleet.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** nginx.health_url and nginx.health_check: what verify asks a host, as the inventory says. */
class InventoryHealthCheckTest {
  @TempDir Path temp;

  private NginxSettings web1(String defaults, String host) throws Exception {
    return new InventoryFixture(temp)
        .load(
            "defaults: { nginx: { " + defaults + " } }\n"
                + "upgrade: { binary: builds/nginx-1.27.3 }\n"
                + "groups:\n"
                + "  web:\n"
                + "    hosts:\n"
                + "      web-1: { nginx: { " + host + " } }\n")
        .hosts()
        .get(0)
        .nginx();
  }

  /** No URL by default: verify asks what the running master listens on, not a guessed 127.0.0.1. */
  @Test
  void byDefaultThereIsNoHealthUrlAndTheCheckIsOn() throws Exception {
    NginxSettings nginx = web1("", "");
    assertNull(nginx.healthUrl());
    assertTrue(nginx.healthCheck());
    String view = ResolvedInventoryView.render(new InventoryFixture(temp).load(
        "upgrade: { binary: builds/nginx-1.27.3 }\ngroups: { web: { hosts: { web-1: } } }\n"));
    assertTrue(view.contains("nginx.health_url "), view);
    assertTrue(view.lines().anyMatch(l -> l.contains("nginx.health_check") && l.contains("true") && l.contains("built-in default")), view);
  }

  @Test
  void aHostSwitchesTheCheckOffEvenWhenTheDefaultsNameAUrl() throws Exception {
    NginxSettings nginx = web1("health_url: http://127.0.0.1/healthz", "health_check: off");
    assertEquals("http://127.0.0.1/healthz", nginx.healthUrl());
    assertFalse(nginx.healthCheck());
    assertTrue(web1("health_check: off", "health_check: on").healthCheck());
  }
}
