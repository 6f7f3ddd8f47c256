package dev.fleet.inventory;

import java.util.List;

/**
 * Renders the resolved inventory as text, like {@code ansible-inventory --list}: every host with
 * each effective setting and where it came from, then the upgrade settings.
 */
public final class ResolvedInventoryView {
  private ResolvedInventoryView() {}

  public static String render(Inventory inventory, List<Host> hosts) {
    StringBuilder text = new StringBuilder();
    for (Host host : hosts) {
      text.append(host.name());
      if (!host.groups().isEmpty()) {
        text.append("  (groups: ").append(String.join(", ", host.groups())).append(')');
      }
      text.append('\n');
      settings(inventory.provenance().host(host.name()), text);
    }
    text.append("upgrade\n");
    settings(inventory.provenance().upgrade(), text);
    return text.toString();
  }

  public static String render(Inventory inventory) {
    return render(inventory, inventory.hosts());
  }

  private static void settings(List<ResolvedSetting> settings, StringBuilder text) {
    int keyWidth = settings.stream().mapToInt(s -> s.key().length()).max().orElse(0);
    int valueWidth = settings.stream().mapToInt(s -> s.value().length()).max().orElse(0);
    for (ResolvedSetting setting : settings) {
      text.append("  ")
          .append(pad(setting.key(), keyWidth))
          .append("  ")
          .append(pad(setting.value(), valueWidth))
          .append("  (from ")
          .append(setting.origin())
          .append(")\n");
    }
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(width - text.length());
  }
}
