package dev.fleet.inventory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The commands {@code upgrade.hooks} runs on the controller around a rollout, by hook name
 * ({@link #NAMES}), and how long each may take before it is killed ({@code upgrade.hook_timeout}).
 * {@code dir} is where they run: the inventory file's directory.
 */
public record UpgradeHooks(Map<String, String> commands, Duration timeout, Path dir) {
  /** The hook names, in the order a run meets them. */
  public static final List<String> NAMES =
      List.of("before_run", "before_batch", "before_host", "after_host", "after_batch", "after_run");

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  public UpgradeHooks {
    commands = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(commands));
  }

  public static UpgradeHooks none() {
    return new UpgradeHooks(Map.of(), DEFAULT_TIMEOUT, Path.of("."));
  }

  /** The command of hook {@code name}, if the inventory sets one. */
  public Optional<String> command(String name) {
    return Optional.ofNullable(commands.get(name));
  }
}
