package dev.fleet.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Ansible INI inventories load into the same model, with the same ansible_* mapping, as YAML. */
class InventoryIniTest {
  private static final String UPGRADE = "[all:vars]\nfleet_upgrade={binary: builds/nginx-1.27.3}\n";

  @TempDir Path temp;

  private InventoryFixture ini() {
    return new InventoryFixture(temp, "inventory.ini");
  }

  @Test
  void anIniInventoryIsTheSameInventoryAsItsYamlTwin() throws Exception {
    Inventory fromIni =
        ini().load(
                """
                # Ansible INI: hosts, ranges, group vars, children, comments of both kinds
                ; fleet's own settings in fleet_* vars, written as YAML flow maps
                [all:vars]
                ansible_user=deploy
                ansible_ssh_private_key_file=~/.ssh/id_ed25519
                ansible_become=true
                fleet_upgrade={binary: builds/nginx-1.27.3, batches: [1, "50%"], max_failures: 1}

                [web]
                web[1:2] fleet_nginx='{pid_file: /var/run/nginx.pid}'
                web3 ansible_host=10.0.0.3 ansible_port=2200   # its own port

                [web:vars]
                ansible_port=2222
                fleet_ssh={jump: bastion.example.com}

                [db]
                db-[a:b]

                [prod:children]
                web
                db
                """);
    Inventory fromYaml =
        new InventoryFixture(temp)
            .load(
                """
                all:
                  vars:
                    ansible_user: deploy
                    ansible_ssh_private_key_file: ~/.ssh/id_ed25519
                    ansible_become: true
                    fleet_upgrade: {binary: builds/nginx-1.27.3, batches: [1, "50%"], max_failures: 1}
                  children:
                    prod:
                      children:
                        web:
                          vars: { ansible_port: 2222, fleet_ssh: { jump: bastion.example.com } }
                          hosts:
                            web1: { fleet_nginx: { pid_file: /var/run/nginx.pid } }
                            web2: { fleet_nginx: { pid_file: /var/run/nginx.pid } }
                            web3: { ansible_host: 10.0.0.3, ansible_port: 2200 }
                        db:
                          hosts: { db-a:, db-b: }
                """);

    assertEquals(fromYaml.hosts(), fromIni.hosts());
    assertEquals(fromYaml.upgrade(), fromIni.upgrade());
    assertEquals(List.of("web", "prod"), fromIni.hosts().get(0).groups());
  }

  @Test
  void theIssuesInventoryLoads() throws Exception {
    Inventory inventory =
        ini().load(
                UPGRADE
                    + """
                    [web]
                    web1 ansible_host=10.0.0.11
                    web2 ansible_host=10.0.0.12

                    [web:vars]
                    ansible_user=deploy
                    ansible_become=yes

                    [prod:children]
                    web
                    """);

    assertEquals(List.of("web1", "web2"), inventory.hosts().stream().map(Host::name).toList());
    Host web2 = inventory.hosts().get(1);
    assertEquals("10.0.0.12", web2.address());
    assertEquals("deploy", web2.ssh().user());
    assertEquals(true, web2.ssh().sudo());
    assertEquals(List.of("web", "prod"), web2.groups());
  }

  /** [all:vars] | [web:vars] | [eu:vars] (eu is a child of web) | host line | port | its origin */
  @ParameterizedTest(name = "all {0}, web {1}, eu {2}, host {3} -> {4}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      textBlock =
          """
          2201 | -    | -    | -    | 2201 | [all:vars], inventory.ini:3
          2201 | 2202 | -    | -    | 2202 | [web:vars], inventory.ini:7
          2201 | 2202 | 2203 | -    | 2203 | [eu:vars], inventory.ini:11
          -    | 2202 | 2203 | -    | 2203 | [eu:vars], inventory.ini:11
          2201 | -    | 2203 | 2204 | 2204 | [eu] web-eu-1, inventory.ini:9
          2201 | 2202 | 2203 | 2204 | 2204 | [eu] web-eu-1, inventory.ini:9
          -    | -    | -    | -    | 22   | built-in default
          """)
  void hostVarsBeatChildGroupsWhichBeatParentsWhichBeatAll(
      String all, String web, String eu, String host, int port, String origin) throws Exception {
    Inventory inventory =
        ini().load(
                "[all:vars]\n"
                    + "fleet_upgrade={binary: builds/nginx-1.27.3}\n"
                    + var(all) + "\n"
                    + "[web:children]\n"
                    + "eu\n"
                    + "[web:vars]\n"
                    + var(web) + "\n"
                    + "[eu]\n"
                    + "web-eu-1" + (host == null ? "" : " ansible_port=" + host) + "\n"
                    + "[eu:vars]\n"
                    + var(eu) + "\n");

    Host web1 = inventory.hosts().get(0);
    assertEquals(port, web1.ssh().port());
    assertEquals(origin, originOf(inventory, "web-eu-1", "ssh.port"));
  }

  private static String var(String port) {
    return port == null ? "# not set here" : "ansible_port=" + port;
  }

  private static String originOf(Inventory inventory, String host, String key) {
    return inventory.provenance().host(host).stream()
        .filter(s -> s.key().equals(key))
        .findFirst()
        .orElseThrow()
        .origin()
        .toString();
  }

  static Stream<Arguments> values() {
    Function<Host, Object> user = h -> h.ssh().user();
    Function<Host, Object> sudo = h -> h.ssh().sudo();
    Function<Host, Object> key = h -> h.ssh().identityFile().getFileName().toString();
    Function<Host, Object> pid = h -> h.nginx().pidFile();
    Function<Host, Object> port = h -> h.ssh().port();
    Function<Host, Object> jump = h -> h.ssh().jump();
    Function<Host, Object> groups = Host::groups;
    return Stream.of(
        // host line: split like a shell line, then Python's quotes removed
        Arguments.of("[web]\nweb1 ansible_user=\"deploy\"", user, "deploy"),
        Arguments.of("[web]\nweb1 ansible_user=\"'deploy'\"", user, "deploy"),
        Arguments.of("[web]\nweb1 ansible_ssh_private_key_file=\"~/.ssh/my key\"", key, "my key"),
        Arguments.of("[web]\nweb1 ansible_ssh_private_key_file='~/.ssh/my key'", key, "my key"),
        Arguments.of("[web]\nweb1 fleet_nginx='{pid_file: \"/run/my nginx.pid\"}'", pid, "/run/my nginx.pid"),
        Arguments.of("[web]\nweb1 fleet_nginx=\"{'pid_file': '/run/py.pid'}\"", pid, "/run/py.pid"),
        Arguments.of("[web]\nweb1 ansible_become=no", sudo, false),
        Arguments.of("[web]\nweb1 ansible_become=True", sudo, true),
        Arguments.of("[web]\nweb1:2222", port, 2222),
        Arguments.of("[web]\nweb1 ansible_port=2222 # a comment", port, 2222),
        // :vars lines: the value is the rest of the line, quotes removed
        Arguments.of("[web]\nweb1\n[web:vars]\nansible_ssh_private_key_file = ~/.ssh/my key", key, "my key"),
        Arguments.of("[web]\nweb1\n[web:vars]\nansible_ssh_private_key_file=\"~/.ssh/my key\"", key, "my key"),
        Arguments.of("[web]\nweb1\n[web:vars]\nansible_become=false", sudo, false),
        Arguments.of("[web]\nweb1\n[web:vars]\nfleet_ssh={jump: bastion}", jump, "bastion"),
        // implicit groups: all and ungrouped hosts belong to no group
        Arguments.of("web1", groups, List.of()),
        Arguments.of("[ungrouped]\nweb1", groups, List.of()),
        Arguments.of("[all]\nweb1", groups, List.of()),
        Arguments.of("[web] # comment\nweb1\n[all:children]\nweb", groups, List.of("web")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("values")
  void valuesAreReadAsAnsibleReadsThem(String lines, Function<Host, Object> read, Object expected)
      throws Exception {
    InventoryFixture fixture = ini();
    Files.writeString(fixture.home.resolve(".ssh/my key"), "not a real key\n");
    // The upgrade goes last: a file whose first line is a host must still read as INI.
    Inventory inventory = fixture.load(lines + "\n" + UPGRADE);

    assertEquals(expected, read.apply(inventory.hosts().get(0)));
  }

  /** The lines (after the upgrade's two) | every error, as printed */
  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          [web]\\nweb1 ansible_port=abc                | inventory.ini:4:19: [web] web1 ansible_port: "abc" is not a whole number
          [web]\\nweb1:70000                            | inventory.ini:4:6: [web] web1:70000: 70000 is not between 1 and 65535
          [web]\\nweb1 ansible_port = 22               | inventory.ini:4:6: [web] web1: write ansible_port=value with no spaces around =
          [web]\\nweb1 port                             | inventory.ini:4:6: [web] web1: "port" is not a host variable: write key=value, and quote a value that has spaces
          [web]\\nweb1 ansible_user="de ploy           | inventory.ini:4:19: [web]: the " here is never closed
          [web]\\nweb1 fleet_ssh='{jump: a b}'         | inventory.ini:4:23: [web] web1 fleet_ssh.jump: "a b" is not a jump host ([user@]host[:port], hops separated by commas)
          [web]\\nweb1 fleet_ssh='{jmp: a}'            | inventory.ini:4:17: [web] web1 fleet_ssh.jmp: unknown key (did you mean jump?)
          [web]\\nweb1 fleet_ngnix='{}'                | inventory.ini:4:6: [web] web1 fleet_ngnix: unknown key (did you mean fleet_nginx?)
          [web]\\nweb1\\n[web:vars]\\nansible_host=10.0.0.1 | inventory.ini:6:14: [web:vars] ansible_host: belongs on a host, not in group vars
          [web]\\nweb1\\n[web:vars]\\nfleet_upgrade={}      | inventory.ini:6:1: [web:vars] fleet_upgrade: belongs in [all:vars] only
          [web]\\nweb1\\n[web:vars]\\nansible_user          | inventory.ini:6:1: [web:vars]: expected key=value, got "ansible_user"
          [web]\\nweb1\\n[web:vars]\\nansible_user=a\\nansible_user=b | inventory.ini:7:14: [web:vars] ansible_user: sets ssh.user again (already set by [web:vars] ansible_user at line 6)
          [web]\\nweb1\\n[webs:vars]\\nansible_port=22      | inventory.ini:5:1: [webs:vars]: there is no group webs: a [webs:vars] section needs the group's own [webs] or [webs:children] section (did you mean web?)
          [web]\\nweb1\\n[prod:children]\\nwbe             | inventory.ini:6:1: [prod:children] wbe: there is no group wbe: each group listed here needs its own [wbe] or [wbe:children] section (did you mean web?)
          [a:children]\\nb\\n[b:children]\\na\\n[a]\\nweb1  | inventory.ini:6:1: [b:children] a: a already contains b; a group cannot be inside itself
          [web:hots]\\nweb1                             | inventory.ini:3:1: [web:hots]: unknown section type hots (did you mean hosts?) (a section is [group], [group:vars] or [group:children])
          [web servers]\\nweb1                          | inventory.ini:3:1: [web servers]: not a section header: write [group], [group:vars] or [group:children], with no spaces in the name
          [web]\\nweb[01:100]                           | inventory.ini:4:1: [web] web[01:100]: a zero-padded range needs a begin and an end of the same width, not [01:100]
          [web]\\nansible_host=10.0.0.1                 | inventory.ini:4:1: [web] ansible_host=10.0.0.1: "ansible_host=10.0.0.1" is not a host name: a host line starts with the host, then its key=value variables
          [web]\\nweb1\\n[ungrouped:vars]\\nansible_port=22 | inventory.ini:5:1: [ungrouped:vars]: ungrouped is Ansible's name for hosts in no group, and fleet gives those no group vars or children: put the hosts in a group of their own
          [web]\\nweb1\\n[web:children]\\nall              | inventory.ini:6:1: [web:children] all: all is implicit in Ansible and cannot be listed as a child
          [web]\\nweb1\\n[all:vars]\\nfleet_upgrade={binary: [x}   | inventory.ini:6:26: [all:vars] fleet_upgrade: not valid YAML: while parsing a flow sequence, {binary: [x}, expected ',' or ']', but got }, {binary: [x}
          [web]\\nweb\\n[web:children]\\nother\\n[other]\\nx | inventory.ini:4:1: web: a host may not share its name with a group (a --limit could not tell them apart)
          """)
  void eachMistakeIsReportedWithItsLine(String lines, String expected) {
    String errors = ini().errors(UPGRADE + lines.replace("\\n", "\n"));

    assertEquals(expected, errors);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          `- web1\\n- web2\\n`   | got a list
          `just some words\\n`  | got "just some words"
          """)
  void aFileInNeitherFormSaysWhatFleetExpected(String text, String got) {
    String errors = ini().errors(text.replace("\\n", "\n"));

    assertEquals(
        "inventory.ini:1:1: expected an inventory: fleet's YAML (defaults, upgrade, groups),"
            + " Ansible's YAML (all: with children, hosts, vars) or Ansible's INI ([group] sections"
            + " of host lines); " + got,
        errors);
  }
}
