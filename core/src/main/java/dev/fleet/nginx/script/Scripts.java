package dev.fleet.nginx.script;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The remote sh scripts fleet ships as resources beside this class. Keeping them as files makes
 * them readable and testable with a plain shell; values always arrive as positional arguments.
 * They are loaded without their comment lines ({@link CommentLines}): the comments are for
 * whoever reads the files, and half their bytes.
 */
public final class Scripts {
  private static final Map<String, String> CACHE = new ConcurrentHashMap<>();
  private static final Map<String, String> COMPOSED = new ConcurrentHashMap<>();

  private Scripts() {}

  public static String load(String name) {
    return CACHE.computeIfAbsent(name, Scripts::read);
  }

  /** watch.sh with the probe and the signal it runs defined before it as shell functions. */
  public static String watch() {
    return withFunctions("watch.sh", "probe", "signal");
  }

  /** soak.sh with the probe and the health check it runs defined before it as shell functions. */
  public static String soak() {
    return withFunctions("soak.sh", "probe", "listeners", "answer", "targets", "ask");
  }

  /** ask.sh (the health check's asks from the host alone) with what it runs defined before it. */
  public static String ask() {
    return withFunctions("ask.sh", "listeners", "answer", "targets");
  }

  /** preflight.sh with the probe and the health check it runs defined before it as shell functions. */
  public static String preflight() {
    return withFunctions("preflight.sh", "probe", "listeners", "answer", "targets");
  }

  /** inspect.sh (fleet status) with the health check it runs defined before it as shell functions. */
  public static String inspect() {
    return withFunctions("inspect.sh", "listeners", "answer", "targets");
  }

  /** config-test.sh (fleet plan and check) with the config test it runs defined before it. */
  public static String configTest() {
    return withFunctions("config-test.sh", "conftest");
  }

  /** stage.sh with the config test, the download and its CPU check defined before it as functions. */
  public static String stage() {
    return withFunctions("stage.sh", "conftest", "fetch", "elfcheck");
  }

  /** swap-backup.sh with the config test it runs defined before it as a shell function. */
  public static String swapBackup() {
    return withFunctions("swap-backup.sh", "conftest");
  }

  /** lock.sh (the host's lock) with the flattening of its values defined before it. */
  public static String lock() {
    return withFunctions("lock.sh", "flat");
  }

  /** history.sh (what fleet did to the host) with the flattening of its values defined before it. */
  public static String history() {
    return withFunctions("history.sh", "flat");
  }

  /**
   * leave.sh (a procedure's history entry and the lock's release, one request) with the
   * flattening, history.sh and lock.sh defined before it.
   */
  public static String leave() {
    return withFunctions("leave.sh", "flat", "history", "lock");
  }

  /**
   * Every script fleet sends a host, an upgrade's first: what each host's persistent shell is
   * given to hold from its start (a script left out still runs, only sent in its request).
   */
  public static List<String> all() {
    return List.of(
        lock(), preflight(), stage(), watch(), soak(), ask(), leave(),
        load("restore.sh"), swapBackup(), load("signal.sh"), load("log-tail.sh"),
        history(), inspect(), configTest(), load("probe.sh"));
  }

  /**
   * {@code script} with each of {@code functions} defined before it from NAME.sh: its "$1"...
   * become the function's arguments. Composed once; a script always gets the same functions.
   */
  private static String withFunctions(String script, String... functions) {
    // Its own map: a computeIfAbsent may not load into the map it is computing for.
    return COMPOSED.computeIfAbsent(
        script,
        s -> {
          StringBuilder text = new StringBuilder();
          for (String name : functions) {
            text.append(name).append("() {\n").append(load(name + ".sh")).append("}\n");
          }
          return text.append(load(s)).toString();
        });
  }

  private static String read(String name) {
    try (InputStream in = Scripts.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing script resource " + name);
      }
      return CommentLines.strip(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
