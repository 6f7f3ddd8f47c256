package dev.fleet.inventory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Fills in built-in defaults and builds the {@link Host} with where each value came from. */
final class HostAssembler {
  static final String ROOT = "root";
  /**
   * Each setting's place in the listing order, looked up once: a sort by list position per host
   * was the costliest line of reading a 200-host inventory on a cold JVM.
   */
  private static final Map<String, Integer> ORDER = positions(SettingsMerger.keys());

  private final Problems problems;
  private final Map<String, Object> builtIns;

  HostAssembler(Problems problems, LocalEnvironment environment) {
    this.problems = problems;
    this.builtIns = HostSetting.builtIns(environment); // ssh.sudo's depends on the user: sudo()
  }

  Host assemble(
      HostDeclaration declaration,
      List<String> groups,
      Map<String, SourcedValue> merged,
      List<ResolvedSetting> provenance) {
    Resolved resolved = new Resolved(declaration, merged, provenance);
    String user = resolved.get("ssh.user");
    Path knownHosts = resolved.get("ssh.known_hosts");
    HostKeyPolicy policy = resolved.get("ssh.host_key_policy");
    checkKnownHosts(knownHosts, policy, merged.get("ssh.known_hosts"));
    SshSettings ssh =
        new SshSettings(
            user,
            resolved.<Integer>get("ssh.port"),
            resolved.get("ssh.identity_file"),
            knownHosts,
            policy,
            resolved.get("ssh.jump"),
            resolved.sudo(!ROOT.equals(user)),
            resolved.get("ssh.connect_timeout"),
            resolved.<Boolean>get("ssh.legacy_algorithms"),
            resolved.get("ssh.passphrase_env"),
            resolved.get("ssh.keepalive"),
            resolved.<Integer>get("ssh.connect_attempts"));
    NginxSettings nginx =
        new NginxSettings(
            resolved.get("nginx.binary"),
            resolved.get("nginx.pid_file"),
            resolved.get("nginx.error_log"),
            resolved.get("nginx.health_url"),
            resolved.<Integer>get("nginx.health_status"),
            resolved.<Boolean>get("nginx.health_check"));
    String address = resolved.get("address");
    provenance.sort(java.util.Comparator.comparingInt(setting -> ORDER.getOrDefault(setting.key(), -1)));
    return new Host(declaration.name(), address, groups, ssh, nginx);
  }

  /** strict with no known_hosts file would refuse every host; say so before connecting. */
  private void checkKnownHosts(Path knownHosts, HostKeyPolicy policy, SourcedValue written) {
    if (policy != HostKeyPolicy.STRICT || Files.isRegularFile(knownHosts)) {
      return;
    }
    String message =
        knownHosts + " does not exist, and host_key_policy strict accepts only keys listed there"
            + " (connect once with ssh, or use host_key_policy: accept-new)";
    if (written == null) {
      problems.add(new InventoryError(problems.file(), 0, 0, "ssh.known_hosts", message));
    } else {
      problems.at(written.node(), written.keyPath(), message);
    }
  }

  /** Looks up one host's values in file, then built-ins, recording where each came from. */
  private final class Resolved {
    private final HostDeclaration declaration;
    private final Map<String, SourcedValue> merged;
    private final List<ResolvedSetting> provenance;

    Resolved(
        HostDeclaration declaration,
        Map<String, SourcedValue> merged,
        List<ResolvedSetting> provenance) {
      this.declaration = declaration;
      this.merged = merged;
      this.provenance = provenance;
    }

    @SuppressWarnings("unchecked")
    <T> T get(String key) {
      SourcedValue value = merged.get(key);
      if (value != null) {
        provenance.add(new ResolvedSetting(key, display(value.value()), value.origin()));
        return (T) value.value();
      }
      if (key.equals("address")) {
        YamlNode.Entry entry = declaration.firstEntry();
        SettingOrigin origin = new SettingOrigin("host name", problems.file(), entry.line());
        provenance.add(new ResolvedSetting(key, declaration.name(), origin));
        return (T) declaration.name();
      }
      Object builtIn = builtIns.get(key);
      provenance.add(new ResolvedSetting(key, display(builtIn), SettingOrigin.builtIn()));
      return (T) builtIn;
    }

    boolean sudo(boolean builtIn) {
      SourcedValue value = merged.get("ssh.sudo");
      if (value != null) {
        return get("ssh.sudo");
      }
      String why = "built-in default: user is " + (builtIn ? "not " : "") + "root";
      SettingOrigin origin = new SettingOrigin(why, null, 0);
      provenance.add(new ResolvedSetting("ssh.sudo", Boolean.toString(builtIn), origin));
      return builtIn;
    }
  }

  static String display(Object value) {
    if (value == null) {
      return "(none)";
    }
    if (value instanceof Duration duration) {
      return DurationParser.format(duration);
    }
    if (value instanceof HostKeyPolicy policy) {
      return policy == HostKeyPolicy.STRICT ? "strict" : "accept-new";
    }
    return value.toString();
  }

  private static Map<String, Integer> positions(List<String> keys) {
    Map<String, Integer> positions = new java.util.HashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      positions.putIfAbsent(keys.get(i), i);
    }
    return Map.copyOf(positions);
  }
}
