package dev.fleet.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code --limit} selection over a hand-built inventory: pure, no files. */
class HostSelectorTest {
  private static final Inventory INVENTORY =
      new Inventory(
          Path.of("inventory.yml"),
          List.of(
              host("web-eu-1", "web-eu", "web"),
              host("web-eu-2", "web-eu", "web"),
              host("web-us-1", "web-us", "web", "canary"),
              host("db-1", "db")),
          null);

  private static Host host(String name, String... groups) {
    SshSettings ssh =
        new SshSettings("deploy", 22, null, Path.of("kh"), HostKeyPolicy.STRICT, null, true,
            Duration.ofSeconds(10));
    NginxSettings nginx = new NginxSettings("/usr/sbin/nginx", "/run/nginx.pid", "/e", "http://x/", 200);
    return new Host(name, name, List.of(groups), ssh, nginx);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          ''                  | web-eu-1 web-eu-2 web-us-1 db-1
          all                 | web-eu-1 web-eu-2 web-us-1 db-1
          web-eu-1            | web-eu-1
          web-eu              | web-eu-1 web-eu-2
          db-1, canary        | web-us-1 db-1
          web-*               | web-eu-1 web-eu-2 web-us-1
          web-??-1            | web-eu-1 web-us-1
          web,!web-eu-2       | web-eu-1 web-us-1
          !db                 | web-eu-1 web-eu-2 web-us-1
          web,&canary         | web-us-1
          """)
  void selectsHostsInInventoryOrder(String limit, String expected) throws Exception {
    List<String> names =
        HostSelector.select(INVENTORY, limit).stream().map(Host::name).toList();

    assertEquals(List.of(expected.split(" ")), names);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          web-eu-3        | --limit: unknown host or group "web-eu-3" (did you mean web-eu-1?)
          canry           | --limit: unknown host or group "canry" (did you mean canary?)
          mail-*          | --limit: "mail-*" matches no host or group
          web-eu,!web     | --limit: "web-eu,!web" selects no hosts
          nope,zzz*       | --limit: unknown host or group "nope"\\n--limit: "zzz*" matches no host or group
          """)
  void unknownNamesAndEmptySelectionsAreErrors(String limit, String expected) {
    InventoryException e =
        assertThrows(InventoryException.class, () -> HostSelector.select(INVENTORY, limit));

    assertEquals(expected.replace("\\n", "\n"), e.getMessage());
  }
}
