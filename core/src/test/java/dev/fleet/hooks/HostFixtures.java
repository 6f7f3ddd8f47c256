package dev.fleet.hooks;

import dev.fleet.inventory.Host;
import dev.fleet.inventory.HostKeyPolicy;
import dev.fleet.inventory.NginxSettings;
import dev.fleet.inventory.SshSettings;
import java.time.Duration;
import java.util.List;

/** Hosts as a loaded inventory would give them, for pure tests. */
final class HostFixtures {
  private HostFixtures() {}

  static Host host(String name, String address, List<String> groups) {
    SshSettings ssh =
        new SshSettings("deploy", 22, null, null, HostKeyPolicy.values()[0], null, true, Duration.ofSeconds(10), false, null, null, 0);
    return new Host(name, address, groups, ssh, new NginxSettings("/usr/sbin/nginx", "/run/nginx.pid", "/var/log/nginx/error.log", null, 200));
  }
}
