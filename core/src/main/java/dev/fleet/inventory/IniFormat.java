package dev.fleet.inventory;

import dev.fleet.inventory.AnsibleVars.Scope;
import java.io.StringReader;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an Ansible INI inventory ({@code [group]} host lines, {@code [group:vars]},
 * {@code [group:children]}) into the same model as the YAML form, every var through
 * {@link AnsibleVars}. Follows Ansible's own reader: host lines are split like a shell line, a
 * {@code :vars} value is the rest of its line, quotes around a value are removed, and hosts before
 * any section (or under {@code [all]} or {@code [ungrouped]}) belong to no group. Key paths in
 * errors name the section as written: {@code [web] web01 ansible_port}, {@code [web:vars]
 * fleet_ssh.jump}.
 */
final class IniFormat {
  /** Ansible's own pattern, with a {@code ;} comment allowed after the header too. */
  private static final Pattern SECTION =
      Pattern.compile("\\[([^:\\]\\s]+)(?::(\\w+))?\\]\\s*(?:[#;].*)?");
  private static final Pattern GROUP_NAME = Pattern.compile("([^:\\]\\s#;]+)\\s*(?:[#;].*)?");
  private static final Pattern HOST_PORT = Pattern.compile("(.+):(\\d{1,5})");
  private static final List<String> SECTION_TYPES = List.of("hosts", "children", "vars");
  private static final String ALL = "all";
  private static final String UNGROUPED = "ungrouped";

  private enum Kind {
    HOSTS,
    VARS,
    CHILDREN,
    /** After a broken header: its lines are not read, the header's error says why. */
    IGNORED
  }

  private final SettingsReader settings;
  private final Problems problems;
  private ParsedInventory parsed;
  private AnsibleVars ansibleVars;
  private IniGroups groups;

  private Kind kind = Kind.HOSTS;
  /** The current section's group; null for all and ungrouped. */
  private String group;
  /** The current section as written, for key paths: {@code [web:vars]}. */
  private String section = "[" + UNGROUPED + "]";
  private SettingsLayer varsLayer;

  IniFormat(SettingsReader settings) {
    this.settings = settings;
    this.problems = settings.problems();
  }

  /**
   * True when the first line that is neither blank nor a comment is an INI section header or an
   * INI host line ({@code web1}, {@code web1 ansible_host=10.0.0.1}); a YAML inventory's is a key
   * ({@code all:}, {@code groups:}), a document marker or a flow collection.
   */
  static boolean recognises(String text) {
    for (String line : text.lines().toList()) {
      String stripped = line.strip().replace("\uFEFF", "");
      if (stripped.isEmpty() || stripped.startsWith("#") || stripped.startsWith(";")) {
        continue;
      }
      return SECTION.matcher(stripped).matches() || looksLikeHostLine(stripped);
    }
    return false;
  }

  private static boolean looksLikeHostLine(String line) {
    String[] words = line.split("\\s+", 2);
    String host = words[0];
    if (!Character.isLetterOrDigit(host.charAt(0)) && host.charAt(0) != '_') {
      return false;
    }
    // A colon is a YAML key's, unless it is a port or inside a [1:5] range.
    String outsideRanges = host.replaceAll("\\[[^\\]]*\\]", "").replaceFirst(":\\d{1,5}$", "");
    if (outsideRanges.contains(":") || outsideRanges.contains("=")) {
      return false;
    }
    return words.length == 1 || words[1].startsWith("#") || words[1].matches("[A-Za-z_]\\w*=.*");
  }

  ParsedInventory read(String text) {
    parsed = new ParsedInventory("[all:vars]");
    ansibleVars = new AnsibleVars(settings, parsed, "[all:vars]");
    groups = new IniGroups(parsed, problems);
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String line = i == 0 ? lines.get(0).replace("\uFEFF", "") : lines.get(i);
      String stripped = line.strip();
      if (stripped.isEmpty() || stripped.startsWith("#") || stripped.startsWith(";")) {
        continue;
      }
      int number = i + 1;
      int column = line.indexOf(stripped.charAt(0)) + 1;
      Matcher header = SECTION.matcher(stripped);
      if (header.matches()) {
        section(header.group(1), header.group(2), number, column);
      } else if (stripped.startsWith("[") && stripped.endsWith("]")) {
        problems.at(
            number, column, stripped,
            "not a section header: write [group], [group:vars] or [group:children], with no spaces"
                + " in the name");
        kind = Kind.IGNORED;
      } else {
        switch (kind) {
          case HOSTS -> hostLine(line, number);
          case VARS -> varLine(line, number, column);
          case CHILDREN -> childLine(stripped, number, column);
          case IGNORED -> {}
        }
      }
    }
    groups.finish();
    return parsed;
  }

  private void section(String name, String type, int line, int column) {
    String kindName = type == null ? "hosts" : type;
    section = "[" + name + (type == null ? "" : ":" + type) + "]";
    if (!SECTION_TYPES.contains(kindName)) {
      problems.at(
          line, column, section,
          "unknown section type " + kindName + DidYouMean.suggest(kindName, SECTION_TYPES)
              + " (a section is [group], [group:vars] or [group:children])");
      kind = Kind.IGNORED;
      return;
    }
    kind = Kind.valueOf(kindName.toUpperCase(java.util.Locale.ROOT));
    if (name.equals(UNGROUPED) && kind != Kind.HOSTS) {
      problems.at(
          line, column, section,
          "ungrouped is Ansible's name for hosts in no group, and fleet gives those no group vars"
              + " or children: put the hosts in a group of their own");
      kind = Kind.IGNORED;
      return;
    }
    boolean implicit = name.equals(ALL) || name.equals(UNGROUPED);
    group = implicit ? null : name;
    if (kind == Kind.VARS) {
      varsLayer = implicit ? parsed.defaults : groups.vars(name, line, column);
    } else if (!implicit) {
      groups.declare(name);
    }
  }

  /** {@code web[01:20].example.com:2222 ansible_user=deploy fleet_nginx='{binary: /x}'}. */
  private void hostLine(String line, int number) {
    List<IniWords.Word> words;
    try {
      words = IniWords.split(line);
    } catch (IniWords.UnclosedQuote e) {
      problems.at(number, e.column, section, e.getMessage());
      return;
    }
    if (words.isEmpty()) {
      return;
    }
    IniWords.Word first = words.get(0);
    String pattern = first.text();
    String port = null;
    Matcher withPort = HOST_PORT.matcher(pattern);
    if (withPort.matches() && !withPort.group(1).replaceAll("\\[[^\\]]*\\]", "").contains(":")) {
      pattern = withPort.group(1);
      port = withPort.group(2);
    }
    String source = section + " " + first.text();
    List<String> names;
    try {
      names = hostNames(pattern);
    } catch (IllegalArgumentException e) {
      problems.at(number, first.column(), source, e.getMessage());
      return;
    }
    // One layer for the line: a range's hosts share its vars, and a mistake is reported once.
    SettingsLayer layer = new SettingsLayer(source, Integer.MAX_VALUE);
    if (port != null) {
      YamlNode.Scalar node =
          new YamlNode.Scalar(number, first.column() + pattern.length() + 1, port);
      settings.value("ssh.port", node, source, layer);
    }
    for (int i = 1; i < words.size(); i++) {
      IniWords.Word word = words.get(i);
      int equals = word.text().indexOf('=');
      if (equals <= 0) {
        boolean spaced = i + 1 < words.size() && words.get(i + 1).text().startsWith("=");
        problems.at(
            number, word.column(), source,
            spaced
                ? "write " + word.text() + "=value with no spaces around ="
                : "\"" + word.text() + "\" is not a host variable: write key=value, and quote a"
                    + " value that has spaces");
        // The rest of the line cannot be told apart into variables any more.
        break;
      }
      String key = word.text().substring(0, equals);
      String value = IniWords.unquote(word.text().substring(equals + 1));
      int valueColumn = word.column() + equals + 1;
      var(key, value, number, word.column(), valueColumn, source + " " + key, layer, Scope.HOST);
    }
    YamlNode.Entry where =
        new YamlNode.Entry(
            first.text(), number, first.column(), new YamlNode.Scalar(number, first.column(), null));
    for (String name : names) {
      HostDeclaration host = parsed.host(name, where);
      if (group != null) {
        host.directGroups().add(group);
      }
      host.hostLayers().add(layer);
    }
  }

  private static List<String> hostNames(String pattern) {
    if (pattern.contains("=")) {
      throw new IllegalArgumentException(
          "\"" + pattern + "\" is not a host name: a host line starts with the host, then its"
              + " key=value variables");
    }
    return HostRange.expand(pattern);
  }

  /** {@code key=value} or {@code key = value}: as in Ansible, the value is the rest of the line. */
  private void varLine(String line, int number, int column) {
    int equals = line.indexOf('=');
    String key = equals < 0 ? "" : line.substring(0, equals).strip();
    if (key.isEmpty() || key.chars().anyMatch(Character::isWhitespace)) {
      problems.at(
          number, column, section,
          "expected key=value, got \"" + line.strip() + "\"");
      return;
    }
    String rest = line.substring(equals + 1);
    int valueColumn = equals + 2 + (rest.length() - rest.stripLeading().length());
    String value = IniWords.unquote(rest.strip());
    var(key, value, number, column, valueColumn, section + " " + key, varsLayer,
        group == null ? Scope.ALL : Scope.GROUP);
  }

  private void var(
      String key, String value, int line, int keyColumn, int valueColumn, String keyPath,
      SettingsLayer layer, Scope scope) {
    YamlNode node = valueNode(key, value, line, valueColumn, keyPath);
    if (node != null) {
      ansibleVars.apply(new YamlNode.Entry(key, line, keyColumn, node), keyPath, layer, scope);
    }
  }

  /** fleet's own vars hold a map, written as YAML or Python: {@code {binary: /x}}. */
  private YamlNode valueNode(String key, String value, int line, int column, String path) {
    if (!AnsibleVars.holdsMap(key)) {
      return new YamlNode.Scalar(line, column, value);
    }
    if (value.isBlank()) {
      return new YamlNode.Scalar(line, column, null);
    }
    return new YamlReader(problems, line, column, path).read(new StringReader(value));
  }

  private void childLine(String stripped, int number, int column) {
    Matcher name = GROUP_NAME.matcher(stripped);
    if (!name.matches()) {
      problems.at(
          number, column, section,
          "expected a group name, got \"" + stripped + "\" (a [group:children] section lists one"
              + " group per line)");
      return;
    }
    groups.child(group == null ? ALL : group, name.group(1), number, column, section);
  }
}
