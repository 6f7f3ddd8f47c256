package dev.fleet.inventory;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The per-host settings fleet understands ({@code ssh.*}, {@code nginx.*}, {@code address}) and
 * how each is read. Each parser throws IllegalArgumentException with a message for the user.
 */
final class HostSettingParsers {
  static final Map<String, List<String>> SECTIONS =
      Map.of(
          "ssh",
          List.of(
              "user",
              "port",
              "identity_file",
              "known_hosts",
              "host_key_policy",
              "jump",
              "sudo",
              "connect_timeout",
              "connect_attempts",
              "passphrase_env",
              "legacy_algorithms",
              "keepalive"),
          "nginx",
          List.of("binary", "pid_file", "error_log", "health_url", "health_status", "health_check"));

  private final PathResolver paths;

  HostSettingParsers(PathResolver paths) {
    this.paths = paths;
  }

  /** {@code key} is {@code address} or {@code section.name}, e.g. {@code ssh.port}. */
  Object parse(String key, String text) {
    if ((text == null || text.isBlank()) && key.equals("ssh.jump")) {
      // An empty value is what an unset template variable gives; switching a jump host off is
      // a choice, so it is spelt out, as OpenSSH's ProxyJump none.
      throw new IllegalArgumentException(
          "needs a value (write none to connect directly, without the jump host the group or the"
              + " defaults set)");
    }
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("needs a value");
    }
    return switch (key) {
      case "address", "ssh.user" -> word(text);
      case "ssh.port" -> integer(text, 1, 65535);
      case "ssh.identity_file" -> paths.readableFile(text);
      case "ssh.known_hosts" -> paths.resolve(text);
      case "ssh.host_key_policy" -> hostKeyPolicy(text);
      case "ssh.jump" -> jump(text);
      case "ssh.sudo" -> bool(text);
      case "ssh.connect_timeout", "ssh.keepalive" -> positive(DurationParser.parse(text));
      case "ssh.connect_attempts" -> integer(text, 1, 100);
      case "ssh.passphrase_env" -> variableName(text);
      case "ssh.legacy_algorithms" -> bool(text);
      case "nginx.binary", "nginx.pid_file", "nginx.error_log" -> remotePath(text);
      case "nginx.health_url" -> url(text);
      case "nginx.health_status" -> integer(text, 100, 599);
      case "nginx.health_check" -> onOff(text);
      default -> throw new IllegalStateException("no parser for " + key);
    };
  }

  static int integer(String text, int min, int max) {
    int value;
    try {
      value = Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("\"" + text + "\" is not a whole number");
    }
    if (value < min || value > max) {
      throw new IllegalArgumentException(value + " is not between " + min + " and " + max);
    }
    return value;
  }

  /** true/false, and Ansible's yes/no so existing inventories load unchanged. */
  static boolean bool(String text) {
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "true", "yes" -> true;
      case "false", "no" -> false;
      default -> throw new IllegalArgumentException("\"" + text + "\" is not true or false");
    };
  }

  /** on/off, and true/false/yes/no like any other switch. */
  static boolean onOff(String text) {
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "on", "true", "yes" -> true;
      case "off", "false", "no" -> false;
      default -> throw new IllegalArgumentException("\"" + text + "\" is not on or off");
    };
  }

  static java.time.Duration positive(java.time.Duration duration) {
    if (duration.isZero()) {
      throw new IllegalArgumentException("must be longer than 0s");
    }
    return duration;
  }

  private static String word(String text) {
    if (text.strip().chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("\"" + text + "\" must not contain spaces");
    }
    return text.strip();
  }

  /** The name, never the passphrase: an inventory is checked in, a passphrase must not be. */
  private static String variableName(String text) {
    if (!text.strip().matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is not an environment variable name (letters, digits, _); put the"
              + " passphrase in that variable, not in the inventory");
    }
    return text.strip();
  }

  private static HostKeyPolicy hostKeyPolicy(String text) {
    return switch (text.strip()) {
      case "strict" -> HostKeyPolicy.STRICT;
      case "accept-new" -> HostKeyPolicy.ACCEPT_NEW;
      case "off", "no", "false", "none" -> throw new IllegalArgumentException(
          "\"" + text + "\" is not allowed: fleet never skips host key checks (use accept-new)");
      default -> throw new IllegalArgumentException(
          "\"" + text + "\" is not a policy (strict or accept-new)");
    };
  }

  /**
   * ProxyJump syntax: {@code [user@]host[:port]}, several hops separated by commas; or
   * {@link SshSettings#NO_JUMP}, which connects directly whatever a group, the defaults or
   * ~/.ssh/config say.
   */
  private static String jump(String text) {
    if (text.strip().equalsIgnoreCase(SshSettings.NO_JUMP)) {
      return SshSettings.NO_JUMP;
    }
    for (String hop : text.strip().split(",", -1)) {
      if (hop.strip().equalsIgnoreCase(SshSettings.NO_JUMP)) {
        throw new IllegalArgumentException(
            "\"" + text + "\": none stands alone (connect directly), it is not a hop");
      }
      if (!hop.matches("([^@\\s:,]+@)?[^@\\s:,]+(:\\d{1,5})?")) {
        throw new IllegalArgumentException(
            "\"" + hop + "\" is not a jump host ([user@]host[:port], hops separated by commas)");
      }
    }
    return text.strip();
  }

  private static String remotePath(String text) {
    if (!text.startsWith("/")) {
      throw new IllegalArgumentException(
          "\"" + text + "\" must be an absolute path on the host (starting with /)");
    }
    return text;
  }

  private static String url(String text) {
    try {
      URI uri = new URI(text.strip());
      boolean http = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
      if (http && uri.getHost() != null) {
        return text.strip();
      }
    } catch (URISyntaxException e) {
      // reported below with the same message as any other non-URL
    }
    throw new IllegalArgumentException("\"" + text + "\" is not an http:// or https:// URL");
  }
}
