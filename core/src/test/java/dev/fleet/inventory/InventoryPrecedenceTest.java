package dev.fleet.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which value wins for host web-1, and where the view says it came from. */
class InventoryPrecedenceTest {
  @TempDir Path temp;

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("built-in when nothing is set", "", "", "", "22", "built-in default"),
        Arguments.of("defaults beat built-in", "port: 2200", "", "", "2200", "defaults"),
        Arguments.of("group beats defaults", "port: 2200", "port: 2201", "", "2201", "groups.a.vars"),
        Arguments.of(
            "host beats group", "port: 2200", "port: 2201", "port: 2202", "2202",
            "groups.a.hosts.web-1"),
        Arguments.of("host beats defaults", "port: 2200", "", "port: 2202", "2202",
            "groups.a.hosts.web-1"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void precedenceIsDefaultsThenGroupThenHost(
      String name, String defaults, String group, String host, String port, String source)
      throws Exception {
    InventoryFixture fixture = new InventoryFixture(temp);
    Inventory inventory =
        fixture.load(
            "defaults: { ssh: { " + defaults + " } }\n"
                + "upgrade: { binary: builds/nginx-1.27.3 }\n"
                + "groups:\n"
                + "  a:\n"
                + "    vars: { ssh: { " + group + " } }\n"
                + "    hosts:\n"
                + "      web-1: { ssh: { " + host + " } }\n");

    assertEquals(Integer.parseInt(port), inventory.hosts().get(0).ssh().port());
    ResolvedSetting setting =
        inventory.provenance().host("web-1").stream()
            .filter(s -> s.key().equals("ssh.port"))
            .findFirst()
            .orElseThrow();
    assertEquals(source, setting.origin().source());
    assertTrue(ResolvedInventoryView.render(inventory).contains("(from " + setting.origin()));
  }

  /** defaults | group vars | host entry: each an ssh.jump or "-" | the host's jump | from where */
  @ParameterizedTest(name = "defaults {0}, group {1}, host {2} -> {3}")
  @org.junit.jupiter.params.provider.CsvSource(
      delimiter = '|',
      nullValues = "-",
      textBlock =
          """
          -       | -       | -       | -       | built-in default
          bastion | -       | -       | bastion | defaults
          bastion | none    | -       | none    | groups.a.vars
          bastion | -       | none    | none    | groups.a.hosts.web-1
          -       | bastion | none    | none    | groups.a.hosts.web-1
          -       | bastion | NONE    | none    | groups.a.hosts.web-1
          bastion | other   | none    | none    | groups.a.hosts.web-1
          none    | -       | bastion | bastion | groups.a.hosts.web-1
          """)
  void aHostOrGroupSwitchesOffAJumpHostWithNone(
      String defaults, String group, String host, String jump, String source) throws Exception {
    Inventory inventory =
        new InventoryFixture(temp)
            .load(
                "defaults: { ssh: { " + jumpSetting(defaults) + " } }\n"
                    + "upgrade: { binary: builds/nginx-1.27.3 }\n"
                    + "groups:\n"
                    + "  a:\n"
                    + "    vars: { ssh: { " + jumpSetting(group) + " } }\n"
                    + "    hosts:\n"
                    + "      web-1: { ssh: { " + jumpSetting(host) + " } }\n");

    SshSettings ssh = inventory.hosts().get(0).ssh();
    assertEquals(jump, ssh.jump());
    assertEquals("none".equals(jump), ssh.jumpSwitchedOff());
    ResolvedSetting setting =
        inventory.provenance().host("web-1").stream()
            .filter(s -> s.key().equals("ssh.jump"))
            .findFirst()
            .orElseThrow();
    assertEquals(source, setting.origin().source());
  }

  private static String jumpSetting(String jump) {
    return jump == null ? "" : "jump: " + jump;
  }

  @org.junit.jupiter.api.Test
  void transportSettingsAreModernWithTheTransportKeepaliveUnlessAHostAsks() throws Exception {
    Inventory inventory =
        new InventoryFixture(temp)
            .load(
                "upgrade: { binary: builds/nginx-1.27.3 }\n"
                    + "groups:\n"
                    + "  a:\n"
                    + "    hosts:\n"
                    + "      web-1:\n"
                    + "      old-1: { ssh: { legacy_algorithms: true, keepalive: 5s,"
                    + " passphrase_env: OLD_KEY_PASS } }\n");

    SshSettings modern = inventory.hosts().get(0).ssh();
    assertEquals(false, modern.legacyAlgorithms());
    assertEquals(java.time.Duration.ofSeconds(15), modern.keepalive());
    assertEquals(null, modern.passphraseEnv());
    SshSettings old = inventory.hosts().get(1).ssh();
    assertEquals(true, old.legacyAlgorithms());
    assertEquals(java.time.Duration.ofSeconds(5), old.keepalive());
    assertEquals("OLD_KEY_PASS", old.passphraseEnv());
  }

  static Stream<Arguments> twoGroups() {
    return Stream.of(
        Arguments.of("groups agree", "port: 2222", "port: 2222", "", "2222"),
        Arguments.of("only one group sets it", "port: 2222", "", "", "2222"),
        Arguments.of("host settles a disagreement", "port: 2222", "port: 22", "port: 2200", "2200"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("twoGroups")
  void aHostInTwoGroupsIsOneHostOfBoth(
      String name, String groupA, String groupB, String host, String port) throws Exception {
    Inventory inventory = new InventoryFixture(temp).load(twoGroupInventory(groupA, groupB, host));

    assertEquals(1, inventory.hosts().size());
    Host web = inventory.hosts().get(0);
    assertEquals(java.util.List.of("a", "b"), web.groups());
    assertEquals(Integer.parseInt(port), web.ssh().port());
  }

  static String twoGroupInventory(String groupA, String groupB, String host) {
    return "upgrade: { binary: builds/nginx-1.27.3 }\n"
        + "groups:\n"
        + "  a:\n"
        + "    vars: { ssh: { " + groupA + " } }\n"
        + "    hosts: { web-1: { ssh: { " + host + " } } }\n"
        + "  b:\n"
        + "    vars: { ssh: { " + groupB + " } }\n"
        + "    hosts: { web-1: }\n";
  }
}
