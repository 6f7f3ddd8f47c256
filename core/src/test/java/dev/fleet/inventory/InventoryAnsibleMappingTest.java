package dev.fleet.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Ansible connection vars land in the same model as fleet's own keys. */
class InventoryAnsibleMappingTest {
  @TempDir Path temp;

  static Stream<Arguments> mappings() {
    Function<Host, Object> address = Host::address;
    Function<Host, Object> port = h -> h.ssh().port();
    Function<Host, Object> user = h -> h.ssh().user();
    Function<Host, Object> sudo = h -> h.ssh().sudo();
    Function<Host, Object> key = h -> h.ssh().identityFile().getFileName().toString();
    Function<Host, Object> pid = h -> h.nginx().pidFile();
    Function<Host, Object> jump = h -> h.ssh().jump();
    Function<Host, Object> passphraseEnv = h -> h.ssh().passphraseEnv();
    Function<Host, Object> legacy = h -> h.ssh().legacyAlgorithms();
    Function<Host, Object> keepalive = h -> h.ssh().keepalive();
    return Stream.of(
        Arguments.of("ansible_host: 10.0.0.9", address, "10.0.0.9"),
        Arguments.of("ansible_ssh_host: 10.0.0.9", address, "10.0.0.9"),
        Arguments.of("ansible_port: 2222", port, 2222),
        Arguments.of("ansible_user: admin", user, "admin"),
        Arguments.of("ansible_user: root", sudo, false),
        Arguments.of("ansible_become: no", sudo, false),
        Arguments.of("ansible_ssh_private_key_file: ~/.ssh/id_ed25519", key, "id_ed25519"),
        Arguments.of("fleet_nginx: { pid_file: /var/run/nginx.pid }", pid, "/var/run/nginx.pid"),
        Arguments.of("fleet_ssh: { jump: bastion }", jump, "bastion"),
        Arguments.of("fleet_ssh: { passphrase_env: DEPLOY_KEY_PASS }", passphraseEnv, "DEPLOY_KEY_PASS"),
        Arguments.of("fleet_ssh: { legacy_algorithms: yes }", legacy, true),
        Arguments.of("fleet_ssh: { keepalive: 30s }", keepalive, java.time.Duration.ofSeconds(30)),
        Arguments.of("some_playbook_var: ignored", address, "web-1"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mappings")
  void ansibleVarsMapOntoFleetSettings(String var, Function<Host, Object> read, Object expected)
      throws Exception {
    Inventory inventory =
        new InventoryFixture(temp)
            .load(
                "all:\n"
                    + "  vars:\n"
                    + "    fleet_upgrade: { binary: builds/nginx-1.27.3 }\n"
                    + "  hosts:\n"
                    + "    web-1: { " + var + " }\n");

    assertEquals(expected, read.apply(inventory.hosts().get(0)));
  }

  @Test
  void nestedGroupsOverrideTheirParentsAndHostsBelongToAncestors() throws Exception {
    Inventory inventory =
        new InventoryFixture(temp)
            .load(
                """
                all:
                  vars:
                    ansible_port: 22
                    fleet_upgrade: { binary: builds/nginx-1.27.3, parallel: 5 }
                  children:
                    web:
                      vars: { ansible_port: 2200 }
                      children:
                        eu:
                          vars: { ansible_port: 2222 }
                          hosts: { web-eu-1: }
                    db:
                      hosts: { db-1: }
                """);

    Host web = inventory.hosts().get(0);
    assertEquals(2222, web.ssh().port());
    assertEquals(java.util.List.of("eu", "web"), web.groups());
    assertEquals(22, inventory.hosts().get(1).ssh().port());
    assertEquals(5, inventory.upgrade().parallel());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mistakes")
  void fleetVarsAreValidatedWhereTheyAreWritten(String vars, String expected) {
    String errors =
        new InventoryFixture(temp)
            .errors(
                "all:\n"
                    + "  vars:\n"
                    + "    fleet_upgrade: { binary: builds/nginx-1.27.3 }\n"
                    + "  children:\n"
                    + "    web:\n"
                    + "      vars: { " + vars + " }\n"
                    + "      hosts: { web-1: }\n");

    assertEquals(expected, errors);
  }

  static Stream<Arguments> mistakes() {
    return Stream.of(
        Arguments.of(
            "fleet_ngnix: {}",
            "inventory.yml:6:15: all.children.web.vars.fleet_ngnix: unknown key (did you mean"
                + " fleet_nginx?)"),
        Arguments.of(
            "fleet_upgrade: {}",
            "inventory.yml:6:15: all.children.web.vars.fleet_upgrade: belongs in all.vars only"),
        Arguments.of(
            "ansible_host: 10.0.0.1",
            "inventory.yml:6:29: all.children.web.vars.ansible_host: belongs on a host, not in"
                + " group vars"),
        Arguments.of(
            "ansible_port: abc",
            "inventory.yml:6:29: all.children.web.vars.ansible_port: \"abc\" is not a whole"
                + " number"),
        Arguments.of(
            "ansible_user: a, fleet_ssh: { user: b }",
            "inventory.yml:6:51: all.children.web.vars.fleet_ssh.user: sets ssh.user again"
                + " (already set by all.children.web.vars.ansible_user at line 6)"));
  }
}
