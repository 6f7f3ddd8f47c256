package dev.fleet.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each mistake is reported with file, line, column and key path before any host is touched. */
class InventoryValidationTest {
  @TempDir Path temp;

  private static final String TEMPLATE =
      """
      defaults:
        ssh:
          SSH
        nginx:
          NGINX
      upgrade:
        binary: builds/nginx-1.27.3
        UPGRADE
      groups:
        web:
          hosts:
            web-1: { address: 10.0.0.1 }
      """;

  private String inventory(String ssh, String nginx, String upgrade) {
    return TEMPLATE
        .replace("SSH", ssh.isEmpty() ? "user: deploy" : ssh)
        .replace("NGINX", nginx.isEmpty() ? "health_status: 200" : nginx)
        .replace("UPGRADE", upgrade.isEmpty() ? "parallel: 10" : upgrade);
  }

  @ParameterizedTest(name = "{3}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          prot: 22                   | |                          | inventory.yml:3:5: defaults.ssh.prot: unknown key (did you mean port?)
          port: 70000                | |                          | inventory.yml:3:11: defaults.ssh.port: 70000 is not between 1 and 65535
          port: [22]                 | |                          | inventory.yml:3:11: defaults.ssh.port: expected a single value, got a list
          port: twenty               | |                          | inventory.yml:3:11: defaults.ssh.port: "twenty" is not a whole number
          connect_timeout: 10        | |                          | inventory.yml:3:22: defaults.ssh.connect_timeout: "10" is not a duration (use a number and a unit: 500ms, 30s, 2m, 1h)
          connect_attempts: 0        | |                          | inventory.yml:3:23: defaults.ssh.connect_attempts: 0 is not between 1 and 100
          host_key_policy: off       | |                          | inventory.yml:3:22: defaults.ssh.host_key_policy: "off" is not allowed: fleet never skips host key checks (use accept-new)
          identity_file: ~/.ssh/nope | |                          | inventory.yml:3:20: defaults.ssh.identity_file: HOME/.ssh/nope does not exist
          jump: a b                  | |                          | inventory.yml:3:11: defaults.ssh.jump: "a b" is not a jump host ([user@]host[:port], hops separated by commas)
          jump: ""                   | |                          | inventory.yml:3:11: defaults.ssh.jump: needs a value (write none to connect directly, without the jump host the group or the defaults set)
          jump: bastion,none         | |                          | inventory.yml:3:11: defaults.ssh.jump: "bastion,none": none stands alone (connect directly), it is not a hop
          sudo: maybe                | |                          | inventory.yml:3:11: defaults.ssh.sudo: "maybe" is not true or false
          passphrase_env: $KEY_PASS  | |                          | inventory.yml:3:21: defaults.ssh.passphrase_env: "$KEY_PASS" is not an environment variable name (letters, digits, _); put the passphrase in that variable, not in the inventory
          legacy_algorithms: maybe   | |                          | inventory.yml:3:24: defaults.ssh.legacy_algorithms: "maybe" is not true or false
          keepalive: 0s              | |                          | inventory.yml:3:16: defaults.ssh.keepalive: must be longer than 0s
          keepalive: often           | |                          | inventory.yml:3:16: defaults.ssh.keepalive: "often" is not a duration (use a number and a unit: 500ms, 30s, 2m, 1h)
          known_hosts: ~/nothing     | |                          | inventory.yml:3:18: defaults.ssh.known_hosts: HOME/nothing does not exist, and host_key_policy strict accepts only keys listed there (connect once with ssh, or use host_key_policy: accept-new)
                                     | pid_fil: /run/nginx.pid  | | inventory.yml:5:5: defaults.nginx.pid_fil: unknown key (did you mean pid_file?)
                                     | binary: sbin/nginx       | | inventory.yml:5:13: defaults.nginx.binary: "sbin/nginx" must be an absolute path on the host (starting with /)
                                     | health_url: localhost    | | inventory.yml:5:17: defaults.nginx.health_url: "localhost" is not an http:// or https:// URL
                                     | health_status: 999       | | inventory.yml:5:20: defaults.nginx.health_status: 999 is not between 100 and 599
                                     | health_check: sometimes  | | inventory.yml:5:19: defaults.nginx.health_check: "sometimes" is not on or off
                                     | | batches: [1, "10"%]      | inventory.yml:8:14: not valid YAML: while scanning for the next token, found character '%' that cannot start any token. (Do not use % for indentation), batches: [1, "10"%]
                                     | | batches: [0, "100%"]     | inventory.yml:8:12: upgrade.batches: a batch of "0" upgrades nothing
                                     | | batches: [1, "150%"]     | inventory.yml:8:12: upgrade.batches: "150%" is more than 100%
                                     | | max_failures: lots       | inventory.yml:8:17: upgrade.max_failures: "lots" is neither a count (5) nor a percentage ("10%")
                                     | | pause: soon              | inventory.yml:8:10: upgrade.pause: "soon" is not a duration (use a number and a unit: 500ms, 30s, 2m, 1h)
                                     | | rollback: everything     | inventory.yml:8:13: upgrade.rollback: "everything" is not host, batch or all
                                     | | parallel: 0              | inventory.yml:8:13: upgrade.parallel: 0 is not between 1 and 10000
                                     | | sha256: abc              | inventory.yml:8:11: upgrade.sha256: "abc" is not a SHA-256 digest (64 hex digits)
                                     | | reconnect_window: 0s     | inventory.yml:8:21: upgrade.reconnect_window: must be longer than 0s
                                     | | reconnect_window: long   | inventory.yml:8:21: upgrade.reconnect_window: "long" is not a duration (use a number and a unit: 500ms, 30s, 2m, 1h)
                                     | | soak_time: 10s           | inventory.yml:8:3: upgrade.soak_time: unknown key (did you mean soak?)
                                     | | binary: builds/missing   | inventory.yml:8:3: upgrade.binary: duplicate key (first at line 7)
          """)
  void eachMistakeIsReportedWithItsPlace(String ssh, String nginx, String upgrade, String expected) {
    InventoryFixture fixture = new InventoryFixture(temp);
    String errors =
        fixture.errors(inventory(blank(ssh), blank(nginx), blank(upgrade)))
            .replace(fixture.home.toString(), "HOME");

    assertEquals(expected, errors);
  }

  private static String blank(String text) {
    return text == null ? "" : text;
  }

  @Test
  void everyErrorIsReportedNotJustTheFirst() {
    InventoryFixture fixture = new InventoryFixture(temp);
    String errors = fixture.errors(inventory("prot: 22", "pid_fil: /x", "parallel: 0"));

    assertEquals(3, errors.lines().count(), errors);
  }

  @Test
  void aPinnedDigestMustMatchTheBinary() {
    InventoryFixture fixture = new InventoryFixture(temp);
    String errors = fixture.errors(inventory("", "", "sha256: " + "0".repeat(64)));

    assertTrue(errors.startsWith("inventory.yml:8:11: upgrade.sha256: "), errors);
    assertTrue(errors.contains("has sha256 "), errors);
  }

  @Test
  void aHostListedTwiceInOneGroupIsADuplicate() {
    String errors =
        new InventoryFixture(temp)
            .errors(
                "upgrade: { binary: builds/nginx-1.27.3 }\n"
                    + "groups:\n"
                    + "  web:\n"
                    + "    hosts:\n"
                    + "      web-1:\n"
                    + "      web-1:\n");

    assertEquals(
        "inventory.yml:6:7: groups.web.hosts.web-1: duplicate key (first at line 5)", errors);
  }

  @Test
  void twoGroupsThatDisagreeAreAnErrorUnlessTheHostChooses() {
    String errors =
        new InventoryFixture(temp)
            .errors(InventoryPrecedenceTest.twoGroupInventory("port: 2222", "port: 22", ""));

    assertEquals(
        "inventory.yml:7:26: groups.b.vars.ssh.port: conflicts with groups.a.vars.ssh.port at line"
            + " 4 for host web-1 (and any other host in both groups); set ssh.port on the host to"
            + " choose",
        errors);
  }

  @Test
  void aHostMayNotShareItsNameWithAGroup() {
    String errors =
        new InventoryFixture(temp)
            .errors(
                "upgrade: { binary: builds/nginx-1.27.3 }\n"
                    + "groups:\n"
                    + "  web: { hosts: { web-1: } }\n"
                    + "  db: { hosts: { web: } }\n");

    assertEquals(
        "inventory.yml:4:18: web: a host may not share its name with a group (a --limit could not"
            + " tell them apart)",
        errors);
  }

  @Test
  void theBinaryIsRequired() {
    String errors = new InventoryFixture(temp).errors("groups: { web: { hosts: { web-1: } } }\n");

    assertEquals("inventory.yml: upgrade.binary: required: set it (or binary_url) in the inventory, or pass --binary (or --binary-url)", errors);
  }
}
