package dev.fleet.nginx;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The remote sh scripts fleet ships as resources beside this class. Keeping them as files makes
 * them readable and testable with a plain shell; values always arrive as positional arguments.
 */
final class Scripts {
  private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

  private Scripts() {}

  static String load(String name) {
    return CACHE.computeIfAbsent(name, Scripts::read);
  }

  /** watch.sh with the probe and the signal it runs defined before it as shell functions. */
  static String watch() {
    return WatchHolder.SCRIPT;
  }

  /** soak.sh with the probe and the health check it runs defined before it as shell functions. */
  static String soak() {
    return SoakHolder.SCRIPT;
  }

  /** Built on first use; a map's computeIfAbsent cannot load the parts it is made of. */
  private static final class WatchHolder {
    static final String SCRIPT =
        function("probe", "probe.sh") + function("signal", "signal.sh") + load("watch.sh");
  }

  private static final class SoakHolder {
    static final String SCRIPT =
        function("probe", "probe.sh") + function("health", "health.sh") + load("soak.sh");
  }

  /** A script as a shell function: its "$1"... become the function's arguments. */
  private static String function(String name, String script) {
    return name + "() {\n" + load(script) + "}\n";
  }

  private static String read(String name) {
    try (InputStream in = Scripts.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing script resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
