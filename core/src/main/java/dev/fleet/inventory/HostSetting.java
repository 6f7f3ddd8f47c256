package dev.fleet.inventory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One per-host setting ({@code address}, {@code ssh.*}, {@code nginx.*}), declared once: its key,
 * how its text is read, its built-in default and what the docs say of both. The reader's allowed
 * keys, the listing order of {@code fleet inventory}, the defaults and the docs' table (checked by
 * a test) derive from {@link #ALL}.
 */
final class HostSetting {
  /** Reads a value as typed; throws IllegalArgumentException with a message for the user. */
  interface Parser {
    Object parse(String text, PathResolver paths);
  }

  private static final Function<LocalEnvironment, Object> NONE = environment -> null;

  static final List<HostSetting> ALL =
      List.of(
          new HostSetting("address", "name or IP to connect to", "the host name", NONE, (t, p) -> HostSettingParsers.word(t)),
          new HostSetting(
              "ssh.user",
              "login user",
              "the local user running fleet (as OpenSSH and Ansible do)",
              LocalEnvironment::user,
              (t, p) -> HostSettingParsers.word(t)),
          new HostSetting("ssh.port", "1–65535", "`22`", e -> 22, (t, p) -> HostSettingParsers.integer(t, 1, 65535)),
          new HostSetting(
              "ssh.identity_file",
              "private key; must exist and be readable",
              "none (the SSH layer uses the agent / its defaults)",
              NONE,
              (t, p) -> p.readableFile(t)),
          new HostSetting(
              "ssh.known_hosts", "known_hosts file", "`~/.ssh/known_hosts`", e -> e.home().resolve(".ssh/known_hosts"), (t, p) -> p.resolve(t)),
          new HostSetting(
              "ssh.host_key_policy",
              "`strict` (only known keys) or `accept-new` (record keys of new hosts, still refuse changed keys). There is no `off`.",
              "`strict`",
              e -> HostKeyPolicy.STRICT,
              (t, p) -> HostSettingParsers.hostKeyPolicy(t)),
          new HostSetting(
              "ssh.jump",
              "ProxyJump: `[user@]host[:port]`, hops separated by commas. `none` connects directly, switching off a jump host the group or the defaults set and any `ProxyJump` of `~/.ssh/config` (OpenSSH's `ProxyJump none`, `ssh -J none`); an empty value is an error, since going direct is a choice worth spelling out",
              "none (`~/.ssh/config` decides)",
              NONE,
              (t, p) -> HostSettingParsers.jump(t)),
          // Its default depends on the user: HostAssembler works it out.
          new HostSetting(
              "ssh.sudo", "run privileged steps through `sudo -n`", "`true` unless the user is `root`", NONE, (t, p) -> HostSettingParsers.bool(t)),
          new HostSetting(
              "ssh.connect_timeout",
              "duration",
              "`10s`",
              e -> Duration.ofSeconds(10),
              (t, p) -> HostSettingParsers.positive(DurationParser.parse(t))),
          // As SshOptions.defaults: three tries, all within connect_timeout.
          new HostSetting(
              "ssh.connect_attempts",
              "tries per connect when it is refused, reset or unanswered, 1–100, all within `connect_timeout`",
              "`3`",
              e -> 3,
              (t, p) -> HostSettingParsers.integer(t, 1, 100)),
          new HostSetting(
              "ssh.passphrase_env",
              "name of the environment variable holding the private key's passphrase (the name, never the passphrase itself). Unset: fleet asks on the terminal, once per key file, and fails without one",
              "none",
              NONE,
              (t, p) -> HostSettingParsers.variableName(t)),
          new HostSetting(
              "ssh.legacy_algorithms",
              "`true` lets this host use ssh-rsa (SHA-1) signatures, CBC ciphers, hmac-sha1 and SHA-1 key exchange; only for old servers that offer nothing better",
              "`false`",
              e -> false,
              (t, p) -> HostSettingParsers.bool(t)),
          // The SSH transport's own default (SshOptions.defaults); shown so the view is complete.
          new HostSetting(
              "ssh.keepalive",
              "duration between keepalive probes; a peer that misses three in a row counts as dead and the step fails as a lost connection",
              "`15s`",
              e -> Duration.ofSeconds(15),
              (t, p) -> HostSettingParsers.positive(DurationParser.parse(t))),
          new HostSetting(
              "nginx.binary", "absolute path of nginx on the host", "`/usr/sbin/nginx`", e -> "/usr/sbin/nginx", (t, p) -> HostSettingParsers.remotePath(t)),
          new HostSetting("nginx.pid_file", "absolute path", "`/run/nginx.pid`", e -> "/run/nginx.pid", (t, p) -> HostSettingParsers.remotePath(t)),
          new HostSetting(
              "nginx.error_log", "absolute path", "`/var/log/nginx/error.log`", e -> "/var/log/nginx/error.log", (t, p) -> HostSettingParsers.remotePath(t)),
          // No URL: verify asks what the running master listens on (see HealthCheck).
          new HostSetting(
              "nginx.health_url",
              "http(s) URL, asked from the host itself; verify wants `health_status` from it",
              "none: verify asks the addresses the running master listens on (up to 4) and wants each to answer the new master as it answered the old (README, \"The health check\")",
              NONE,
              (t, p) -> HostSettingParsers.url(t)),
          new HostSetting(
              "nginx.health_status", "expected HTTP status of `health_url`, 100–599", "`200`", e -> 200, (t, p) -> HostSettingParsers.integer(t, 100, 599)),
          new HostSetting(
              "nginx.health_check",
              "`on`, or `off` to skip verify's HTTP check (even with a `health_url` from the defaults or a group)",
              "`on`",
              e -> true,
              (t, p) -> HostSettingParsers.onOff(t)));

  private final String key;
  private final String meaning;
  private final String defaultText;
  private final Function<LocalEnvironment, Object> builtIn;
  private final Parser parser;

  private HostSetting(String key, String meaning, String defaultText, Function<LocalEnvironment, Object> builtIn, Parser parser) {
    this.key = key;
    this.meaning = meaning;
    this.defaultText = defaultText;
    this.builtIn = builtIn;
    this.parser = parser;
  }

  static Optional<HostSetting> byKey(String key) {
    return ALL.stream().filter(s -> s.key.equals(key)).findFirst();
  }

  /** Every key, {@code address} first, in the order {@code fleet inventory} lists them. */
  static List<String> keys() {
    return ALL.stream().map(HostSetting::key).toList();
  }

  /** Section ({@code ssh}, {@code nginx}) to the names in it, in declaration order. */
  static Map<String, List<String>> sections() {
    Map<String, List<String>> sections = new LinkedHashMap<>();
    for (HostSetting setting : ALL) {
      int dot = setting.key.indexOf('.');
      if (dot > 0) {
        sections.computeIfAbsent(setting.key.substring(0, dot), s -> new ArrayList<>()).add(setting.key.substring(dot + 1));
      }
    }
    return sections;
  }

  /** fleet's default for each setting that has one here, for this machine's user and home. */
  static Map<String, Object> builtIns(LocalEnvironment environment) {
    Map<String, Object> builtIns = new LinkedHashMap<>();
    for (HostSetting setting : ALL) {
      Object value = setting.builtIn.apply(environment);
      if (value != null) {
        builtIns.put(setting.key, value);
      }
    }
    return builtIns;
  }

  String key() {
    return key;
  }

  /** For the docs: what the setting means. */
  String meaning() {
    return meaning;
  }

  /** For the docs: the default, or what its absence means. */
  String defaultText() {
    return defaultText;
  }

  Object parse(String text, PathResolver paths) {
    return parser.parse(text, paths);
  }
}
