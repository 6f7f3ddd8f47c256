package dev.fleet.sandbox;

import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the fleet inventory that points at a sandbox, with the project's inventory keys. Built
 * as maps and written by Jackson so that no path or name needs hand-quoting.
 */
final class InventoryWriter {
  private static final YAMLMapper YAML =
      new YAMLMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .build());

  private InventoryWriter() {}

  static void write(
      Path file, SandboxSpec spec, List<SandboxHost> hosts, Path identity, Path knownHosts, Path newBinary)
      throws IOException {
    Map<String, Object> ssh =
        map(
            "user", spec.loginUser(),
            "port", spec.sshPort(),
            "identity_file", identity.toString(),
            "known_hosts", knownHosts.toString(),
            "host_key_policy", "strict",
            "sudo", !spec.loginUser().equals(SandboxSpec.ROOT),
            "connect_timeout", "10s");
    Map<String, Object> nginx =
        map(
            "binary", "/usr/sbin/nginx",
            "pid_file", "/run/nginx.pid",
            "error_log", "/var/log/nginx/error.log");
    Map<String, Object> upgrade =
        map(
            "binary", newBinary.toString(),
            "batches", List.of(1, "100%"),
            "parallel", 5,
            "max_failures", 0,
            // Short, so a demo of a few hosts takes seconds; real fleets keep the 10s default.
            "soak", "2s");
    // nginx listens on each host's own address, so a health URL is per host; without one, as in
    // a user's first inventory, verify asks what each master listens on.
    Map<String, Object> hostEntries = new LinkedHashMap<>();
    for (SandboxHost host : hosts) {
      hostEntries.put(
          host.name(),
          spec.healthUrl()
              ? map("address", host.address(), "nginx", map("health_url", "http://" + host.address() + "/"))
              : map("address", host.address()));
    }
    YAML.writeValue(
        file.toFile(),
        map(
            "defaults", map("ssh", ssh, "nginx", nginx),
            "upgrade", upgrade,
            "groups", map("sandbox", map("hosts", hostEntries))));
  }

  /** A map that keeps the order written, so the file reads like a hand-written inventory. */
  private static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
