package dev.fleet.cli;

import dev.fleet.inventory.UpgradeOverrides;
import dev.fleet.inventory.UpgradeSetting;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine;

/**
 * The upgrade settings a command takes as flags, made from their declarations in core
 * ({@link UpgradeSetting}): a flag, its value label and its help are written once, there, so no
 * command's --help can drift from what the inventory key means.
 */
final class SettingFlags {
  /** A command with setting flags; {@link FleetCommand#commandLine} adds them to its options. */
  interface Holder {
    SettingFlags settingFlags();
  }

  private final List<UpgradeSetting<?>> settings;
  private final Map<UpgradeSetting<?>, String> given = new LinkedHashMap<>();

  SettingFlags(List<UpgradeSetting<?>> settings) {
    this.settings = List.copyOf(settings);
  }

  SettingFlags(UpgradeSetting<?>... settings) {
    this(List.of(settings));
  }

  /** Adds every setting as an option of {@code command}, once, before any parsing. */
  static void addToEvery(CommandLine command) {
    if (command.getCommand() instanceof Holder holder) {
      holder.settingFlags().addTo(command.getCommandSpec());
    }
    command.getSubcommands().values().forEach(SettingFlags::addToEvery);
  }

  private void addTo(CommandSpec spec) {
    for (UpgradeSetting<?> setting : settings) {
      spec.addOption(
          OptionSpec.builder(setting.flag())
              .paramLabel(setting.label())
              // picocli formats descriptions: a literal % is %%.
              .description(setting.help().replace("%", "%%") + " (" + setting + ")")
              .type(String.class)
              .setter(
                  new CommandLine.Model.ISetter() {
                    @Override
                    public <T> T set(T value) {
                      // picocli resets options to their initial value (null) before each parse.
                      if (value == null) {
                        given.remove(setting);
                      } else {
                        given.put(setting, (String) value);
                      }
                      return null;
                    }
                  })
              .build());
    }
  }

  /** What was given on this command line, as overrides of the inventory. */
  UpgradeOverrides overrides() {
    UpgradeOverrides overrides = UpgradeOverrides.none();
    for (Map.Entry<UpgradeSetting<?>, String> flag : given.entrySet()) {
      overrides = overrides.with(flag.getKey(), flag.getValue());
    }
    return overrides;
  }
}
