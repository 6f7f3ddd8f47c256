package dev.fleet.inventory;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How per-host settings are read; which settings there are is {@link HostSetting}'s. Each parser
 * throws IllegalArgumentException with a message for the user.
 */
final class HostSettingParsers {
  /** Section ({@code ssh}, {@code nginx}) to the names in it; declared in {@link HostSetting}. */
  static final Map<String, List<String>> SECTIONS = HostSetting.sections();

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
    return HostSetting.byKey(key)
        .orElseThrow(() -> new IllegalStateException("no parser for " + key))
        .parse(text, paths);
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

  static String word(String text) {
    if (text.strip().chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("\"" + text + "\" must not contain spaces");
    }
    return text.strip();
  }

  /** The name, never the passphrase: an inventory is checked in, a passphrase must not be. */
  static String variableName(String text) {
    return variableName(text, "passphrase");
  }

  /** The name of the variable holding {@code secret}: the inventory is checked in, the secret must not be. */
  static String variableName(String text, String secret) {
    if (!text.strip().matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is not an environment variable name (letters, digits, _); put the"
              + " " + secret + " in that variable, not in the inventory");
    }
    return text.strip();
  }


  static HostKeyPolicy hostKeyPolicy(String text) {
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
  static String jump(String text) {
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

  static String remotePath(String text) {
    if (!text.startsWith("/")) {
      throw new IllegalArgumentException(
          "\"" + text + "\" must be an absolute path on the host (starting with /)");
    }
    return text;
  }

  static String url(String text) {
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
