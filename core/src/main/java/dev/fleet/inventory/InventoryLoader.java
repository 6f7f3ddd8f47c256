package dev.fleet.inventory;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads and validates an inventory file: fleet's format, or an Ansible inventory in YAML or INI. Reads only
 * local files (the inventory, the binary, key files); never opens a network connection. Every
 * problem found is reported together in one {@link InventoryException}.
 */
public final class InventoryLoader {
  private final LocalEnvironment environment;

  public InventoryLoader(LocalEnvironment environment) {
    this.environment = environment;
  }

  /** A loader for the machine and user fleet runs as. */
  public static InventoryLoader standard() {
    return new InventoryLoader(LocalEnvironment.current());
  }

  public Inventory load(Path file) throws InventoryException {
    return load(file, UpgradeOverrides.none());
  }

  public Inventory load(Path file, UpgradeOverrides overrides) throws InventoryException {
    return load(file, overrides, true);
  }

  /**
   * For commands that look at hosts or put their backups back (status, check, rollback, the
   * inventory listing): they install nothing new, so {@code upgrade.binary} may be absent and
   * {@code upgrade().binary()} is then null. Everything else is validated as for an upgrade.
   */
  public Inventory loadForInspection(Path file, UpgradeOverrides overrides) throws InventoryException {
    return load(file, overrides, false);
  }

  private Inventory load(Path file, UpgradeOverrides overrides, boolean binaryRequired)
      throws InventoryException {
    Problems problems = new Problems(file);
    Path directory = file.toAbsolutePath().getParent();
    SettingsReader settings =
        new SettingsReader(
            problems, new HostSettingParsers(new PathResolver(environment.home(), directory)));
    ParsedInventory parsed = parse(file, settings, problems);
    if (parsed == null) {
      // Without a tree nothing else can be checked; problems inside a tree (duplicates) can wait.
      problems.throwIfAny();
    }

    checkNames(parsed, problems);
    Map<String, List<ResolvedSetting>> hostProvenance = new LinkedHashMap<>();
    List<Host> hosts = resolveHosts(parsed, problems, hostProvenance);

    List<ResolvedSetting> upgradeProvenance = new ArrayList<>();
    UpgradeSettings upgrade =
        new UpgradeReader(
                problems,
                new PathResolver(environment.home(), directory),
                new PathResolver(environment.home(), environment.workingDirectory()),
                environment.variables())
            .read(parsed.upgrade, parsed.upgradePath, overrides, upgradeProvenance, binaryRequired);
    problems.throwIfAny();
    return new Inventory(file, hosts, upgrade, new Provenance(hostProvenance, upgradeProvenance));
  }

  /**
   * The file in whichever form it is written: Ansible INI when its first line that is neither
   * blank nor a comment is a {@code [section]} or a host line, YAML otherwise; then fleet's form,
   * or Ansible's when the top level has {@code all:}. Null after recording why there is none.
   */
  private static ParsedInventory parse(Path file, SettingsReader settings, Problems problems) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      problems.add(new InventoryError(file, 0, 0, "", "cannot read the inventory: " + e));
      return null;
    }
    if (IniFormat.recognises(text)) {
      return new IniFormat(settings).read(text);
    }
    YamlNode root = new YamlReader(problems).read(new StringReader(text));
    if (root == null) {
      return null;
    }
    if (!(root instanceof YamlNode.MapNode map)) {
      problems.at(root, "", "expected an inventory: fleet's YAML (defaults, upgrade, groups),"
          + " Ansible's YAML (all: with children, hosts, vars) or Ansible's INI ([group] sections"
          + " of host lines); got " + root.kind());
      return null;
    }
    return map.entries().containsKey("all")
        ? new AnsibleFormat(settings).read(map)
        : new FleetFormat(settings).read(map);
  }

  private List<Host> resolveHosts(
      ParsedInventory parsed, Problems problems, Map<String, List<ResolvedSetting>> provenance) {
    SettingsMerger merger = new SettingsMerger(problems);
    HostAssembler assembler = new HostAssembler(problems, environment);
    List<Host> hosts = new ArrayList<>();
    for (HostDeclaration declaration : parsed.hosts.values()) {
      List<String> groups = parsed.groupsOf(declaration);
      List<SettingsLayer> groupLayers = groups.stream().map(parsed.groupVars::get).toList();
      List<ResolvedSetting> settings = new ArrayList<>();
      hosts.add(
          assembler.assemble(
              declaration,
              groups,
              merger.merge(declaration, groupLayers, parsed.defaults),
              settings));
      provenance.put(declaration.name(), settings);
    }
    return hosts;
  }

  /** A limit names hosts and groups alike, so one name must not mean both. */
  private static void checkNames(ParsedInventory parsed, Problems problems) {
    // Hosts whose lines had errors are missing: that they are, is no news then.
    if (parsed.hosts.isEmpty() && problems.isEmpty()) {
      problems.at(1, 1, "", "the inventory lists no hosts");
    }
    for (HostDeclaration host : parsed.hosts.values()) {
      if (parsed.groupVars.containsKey(host.name()) || host.name().equals("all")) {
        YamlNode.Entry entry = host.firstEntry();
        problems.at(
            entry.line(),
            entry.column(),
            host.name(),
            "a host may not share its name with a group (a --limit could not tell them apart)");
      }
    }
  }
}
