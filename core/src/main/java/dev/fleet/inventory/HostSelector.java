package dev.fleet.inventory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Picks hosts by a {@code --limit} string, Ansible style: comma-separated patterns, each a host
 * name, a group name, {@code all}, or a glob ({@code web-*}, {@code db-?}); {@code !pattern}
 * excludes and {@code &pattern} keeps only hosts also matching it. Pure: no I/O.
 */
public final class HostSelector {
  private static final String FLAG = "--limit";

  private HostSelector() {}

  /**
   * The selected hosts in inventory order; every host when {@code limit} is null or blank.
   *
   * @throws InventoryException naming each unknown name, and when nothing is selected
   */
  public static List<Host> select(Inventory inventory, String limit) throws InventoryException {
    List<Host> hosts = inventory.hosts();
    if (limit == null || limit.isBlank()) {
      return hosts;
    }
    List<InventoryError> errors = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    hosts.forEach(host -> {
      names.add(host.name());
      names.addAll(host.groups());
    });
    // By name, which is unique: hashing the Host records themselves cost every run the linking of
    // three records' generated hashCode methods (dozens of classes spun at run time).
    Set<String> included = new LinkedHashSet<>();
    boolean anyInclude = false;
    List<Predicate<Host>> required = new ArrayList<>();
    List<Predicate<Host>> excluded = new ArrayList<>();
    for (String raw : limit.split(",")) {
      String term = raw.strip();
      if (term.isEmpty()) {
        continue;
      }
      char first = term.charAt(0);
      String pattern = first == '!' || first == '&' ? term.substring(1).strip() : term;
      Predicate<Host> matcher = matcher(pattern, names, errors);
      if (first == '!') {
        excluded.add(matcher);
      } else if (first == '&') {
        required.add(matcher);
      } else {
        anyInclude = true;
        hosts.stream().filter(matcher).map(Host::name).forEach(included::add);
      }
    }
    // Only exclusions ("!web-eu-1") mean "everything except".
    List<Host> selected = new ArrayList<>();
    for (Host host : hosts) {
      boolean in = anyInclude ? included.contains(host.name()) : true;
      in = in && required.stream().allMatch(p -> p.test(host));
      in = in && excluded.stream().noneMatch(p -> p.test(host));
      if (in) {
        selected.add(host);
      }
    }
    if (errors.isEmpty() && selected.isEmpty()) {
      errors.add(InventoryError.outsideFile(FLAG, "\"" + limit + "\" selects no hosts"));
    }
    if (!errors.isEmpty()) {
      throw new InventoryException(errors);
    }
    return selected;
  }

  /** {@code names}: every host and group name of the inventory, to tell an unknown one. */
  private static Predicate<Host> matcher(String pattern, Set<String> names, List<InventoryError> errors) {
    if (pattern.equals("all") || pattern.equals("*")) {
      return host -> true;
    }
    boolean glob = pattern.contains("*") || pattern.contains("?");
    Predicate<String> nameMatches = glob ? globPattern(pattern).asMatchPredicate() : pattern::equals;
    if (names.stream().noneMatch(nameMatches)) {
      String message = glob
          ? "\"" + pattern + "\" matches no host or group"
          : "unknown host or group \"" + pattern + "\"" + DidYouMean.suggest(pattern, names);
      errors.add(InventoryError.outsideFile(FLAG, message));
    }
    return host -> nameMatches.test(host.name()) || host.groups().stream().anyMatch(nameMatches);
  }

  private static Pattern globPattern(String glob) {
    StringBuilder regex = new StringBuilder();
    for (char c : glob.toCharArray()) {
      switch (c) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString());
  }
}
