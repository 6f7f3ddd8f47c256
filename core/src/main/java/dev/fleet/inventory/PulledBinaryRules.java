package dev.fleet.inventory;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * What {@code upgrade.binary_url} needs beside it: the hosts download the file themselves, so the
 * pinned {@code sha256} is the only thing that says what they got, and a header secret comes from
 * the controller's environment, never from the inventory.
 */
final class PulledBinaryRules {
  private PulledBinaryRules() {}

  /** http or https, a host, no user:password (that belongs in binary_url_auth_env), no spaces. */
  static URI url(String text) {
    String value = text.strip();
    URI url;
    try {
      url = new URI(value);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("\"" + value + "\" is not a URL: " + e.getReason());
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("\"" + value + "\" is not an http or https URL");
    }
    if (url.getHost() == null) {
      throw new IllegalArgumentException("\"" + value + "\" names no host");
    }
    if (url.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          "a URL with a user or password would show in every transcript and in ps on the hosts;"
              + " put the credential in an environment variable and name it in upgrade.binary_url_auth_env");
    }
    return url;
  }

  /** --binary drops the inventory's binary_url, and --binary-url its binary. */
  static void replaceOtherSource(UpgradeSetting<?> setting, Map<UpgradeSetting<?>, UpgradeReader.Chosen> chosen) {
    if (setting == UpgradeSetting.BINARY) {
      chosen.remove(UpgradeSetting.BINARY_URL);
    } else if (setting == UpgradeSetting.BINARY_URL) {
      chosen.remove(UpgradeSetting.BINARY);
    }
  }

  /**
   * Records every rule binary_url breaks; returns the header to send, or null (none asked for, a
   * problem recorded, or {@code installing} false: status, check and rollback download nothing,
   * and an emergency rollback must not wait for a CI secret).
   */
  static BinaryUrlAuth check(
      Map<UpgradeSetting<?>, UpgradeReader.Chosen> chosen,
      String path,
      Problems problems,
      Function<String, String> variables,
      boolean installing) {
    UpgradeReader.Chosen url = chosen.get(UpgradeSetting.BINARY_URL);
    UpgradeReader.Chosen binary = chosen.get(UpgradeSetting.BINARY);
    UpgradeReader.Chosen authEnv = chosen.get(UpgradeSetting.BINARY_URL_AUTH_ENV);
    if (url != null && binary != null) {
      blame(url, problems, "binary and binary_url exclude each other: fleet sends the file, or the hosts download it");
    }
    if (url != null && chosen.get(UpgradeSetting.SHA256) == null) {
      blame(url, problems, "needs " + path + ".sha256 (or --sha256) beside it: each host checks its download against it");
    }
    if (authEnv == null) {
      return null;
    }
    if (url == null) {
      blame(authEnv, problems, "only means something with binary_url: the header is sent to the artifact server");
      return null;
    }
    String name = (String) authEnv.value();
    if (!installing && variables.apply(name) == null) {
      return null;
    }
    try {
      return BinaryUrlAuth.from(name, variables.apply(name));
    } catch (IllegalArgumentException e) {
      blame(authEnv, problems, e.getMessage());
      return null;
    }
  }

  private static void blame(UpgradeReader.Chosen chosen, Problems problems, String message) {
    if (chosen.node() == null) {
      problems.add(InventoryError.outsideFile(chosen.keyPath(), message));
    } else {
      problems.at(chosen.node(), chosen.keyPath(), message);
    }
  }
}
