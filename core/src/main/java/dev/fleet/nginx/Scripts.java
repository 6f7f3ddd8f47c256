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
