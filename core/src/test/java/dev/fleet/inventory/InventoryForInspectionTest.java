package dev.fleet.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Looking at hosts (status, check, rollback, the listing) needs no new binary; upgrading does. */
class InventoryForInspectionTest {

  @TempDir Path dir;

  private Path inventoryWithoutABinary() throws Exception {
    Files.writeString(dir.resolve("known_hosts"), "");
    return Files.writeString(
        dir.resolve("inventory.yml"),
        String.join(
            "\n",
            "defaults:",
            "  ssh: { user: root, known_hosts: known_hosts }",
            "upgrade: { soak: 5s }",
            "groups:",
            "  web:",
            "    hosts:",
            "      web1:",
            ""));
  }

  @Test
  void anUpgradeNeedsTheBinary() throws Exception {
    Path inventory = inventoryWithoutABinary();
    InventoryException e = assertThrows(InventoryException.class, () -> InventoryLoader.standard().load(inventory));
    assertTrue(e.errors().get(0).toString().contains("upgrade.binary: required"), e.errors().toString());
  }

  @Test
  void lookingAtHostsDoesNotAndStillValidatesTheRest() throws Exception {
    Path inventory = inventoryWithoutABinary();
    Inventory loaded = InventoryLoader.standard().loadForInspection(inventory, UpgradeOverrides.none());
    assertNull(loaded.upgrade().binary());
    assertEquals(java.time.Duration.ofSeconds(5), loaded.upgrade().soak());
    assertEquals("web1", loaded.hosts().get(0).name());

    Files.writeString(inventory, Files.readString(inventory).replace("soak: 5s", "soak: five"));
    InventoryException e =
        assertThrows(InventoryException.class, () -> InventoryLoader.standard().loadForInspection(inventory, UpgradeOverrides.none()));
    assertTrue(e.errors().get(0).toString().contains("upgrade.soak"), e.errors().toString());
  }
}
