package dev.fleet.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** upgrade.binary_url: the hosts download the binary; the sha256 and the token's variable go with it. */
class InventoryBinaryUrlTest {
  private static final String SHA = "a".repeat(64);
  private static final String HOSTS = "groups: { web: { hosts: { web-1: } } }\n";

  @TempDir Path temp;

  private InventoryFixture fixture(Map<String, String> variables) {
    return new InventoryFixture(temp).withVariables(variables);
  }

  @Test
  void aUrlWithItsSha256NeedsNoLocalFile() throws Exception {
    Inventory inventory =
        new InventoryFixture(temp).load(
            "upgrade:\n  binary_url: https://artifacts.example/nginx-1.27.3\n  sha256: " + SHA + "\n" + HOSTS);

    UpgradeSettings upgrade = inventory.upgrade();
    assertTrue(upgrade.pulled());
    assertNull(upgrade.binary());
    assertEquals(URI.create("https://artifacts.example/nginx-1.27.3"), upgrade.binaryUrl());
    assertEquals(SHA, upgrade.sha256());
    assertNull(upgrade.binaryUrlAuth());
  }

  @Test
  void aUrlWithoutSha256IsAnErrorAtItsLine() {
    String errors = new InventoryFixture(temp).errors("upgrade:\n  binary_url: http://a.example/nginx\n" + HOSTS);
    assertEquals(
        "inventory.yml:2:15: upgrade.binary_url: needs upgrade.sha256 (or --sha256) beside it: each host"
            + " checks its download against it",
        errors.lines().filter(l -> l.contains("binary_url")).findFirst().orElse(errors));
  }

  @Test
  void binaryAndBinaryUrlExcludeEachOther() {
    String errors =
        new InventoryFixture(temp).errors(
            "upgrade:\n  binary: builds/nginx-1.27.3\n  binary_url: http://a.example/nginx\n  sha256: " + SHA + "\n" + HOSTS);
    assertTrue(
        errors.contains("inventory.yml:3:15: upgrade.binary_url: binary and binary_url exclude each other"), errors);
  }

  @Test
  void aFlagForOneSourceReplacesTheInventorysOther() throws Exception {
    UpgradeOverrides url =
        UpgradeOverrides.none().with(UpgradeSetting.SHA256, SHA).with(UpgradeSetting.BINARY_URL, "http://a.example/n");
    Inventory inventory = new InventoryFixture(temp).load("upgrade: { binary: builds/nginx-1.27.3 }\n" + HOSTS, url);
    assertTrue(inventory.upgrade().pulled());
    assertNull(inventory.upgrade().binary());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          ftp://a.example/nginx          | is not an http or https URL
          http:///nginx                  | names no host
          https://me:pw@a.example/nginx  | a URL with a user or password would show in every transcript
          """)
  void unusableUrlsAreRefused(String url, String expected) {
    String errors =
        new InventoryFixture(temp).errors("upgrade:\n  binary_url: " + url + "\n  sha256: " + SHA + "\n" + HOSTS);
    assertTrue(errors.contains("inventory.yml:2:15: upgrade.binary_url: "), errors);
    assertTrue(errors.contains(expected), errors);
  }

  @Test
  void theTokenComesFromTheNamedVariableAndNeverShows() throws Exception {
    Inventory inventory =
        fixture(Map.of("ARTIFACT_TOKEN", "s3cr3t-t0ken"))
            .load(
                "upgrade:\n  binary_url: https://a.example/n\n  sha256: " + SHA + "\n  binary_url_auth_env: ARTIFACT_TOKEN\n" + HOSTS,
                UpgradeOverrides.none());

    BinaryUrlAuth auth = inventory.upgrade().binaryUrlAuth();
    assertEquals("Authorization: Bearer s3cr3t-t0ken", auth.headerLine());
    assertEquals("$ARTIFACT_TOKEN", auth.toString());
    assertFalse(inventory.upgrade().toString().contains("s3cr3t"), inventory.upgrade().toString());
    assertFalse(inventory.provenance().toString().contains("s3cr3t"), inventory.provenance().toString());
  }

  @Test
  void aWholeHeaderLineInTheVariableIsSentAsIs() throws Exception {
    Inventory inventory =
        fixture(Map.of("ART", "X-JFrog-Art-Api: k3y"))
            .load(
                "upgrade:\n  binary_url: https://a.example/n\n  sha256: " + SHA + "\n  binary_url_auth_env: ART\n" + HOSTS,
                UpgradeOverrides.none());
    assertEquals("X-JFrog-Art-Api: k3y", inventory.upgrade().binaryUrlAuth().headerLine());
  }

  @Test
  void aMissingVariableIsAnErrorNamingTheKey() {
    String errors =
        fixture(Map.of())
            .errors("upgrade:\n  binary_url: https://a.example/n\n  sha256: " + SHA + "\n  binary_url_auth_env: ARTIFACT_TOKEN\n" + HOSTS);
    assertTrue(
        errors.contains(
            "inventory.yml:4:24: upgrade.binary_url_auth_env: environment variable ARTIFACT_TOKEN is not set"),
        errors);
  }

  @Test
  void commandsThatInstallNothingDoWithoutTheVariable() throws Exception {
    InventoryFixture fixture = fixture(Map.of());
    Path file =
        fixture.write("upgrade:\n  binary_url: https://a.example/n\n  sha256: " + SHA + "\n  binary_url_auth_env: ARTIFACT_TOKEN\n" + HOSTS);
    Inventory inventory =
        new InventoryLoader(new LocalEnvironment(fixture.home, "deploy", fixture.directory, name -> null))
            .loadForInspection(file, UpgradeOverrides.none());
    assertNull(inventory.upgrade().binaryUrlAuth());
  }

  @Test
  void aVariableWithALineBreakIsRefusedWithoutShowingIt() {
    String errors =
        fixture(Map.of("T", "abc\r\nX-Evil: 1"))
            .errors("upgrade:\n  binary_url: https://a.example/n\n  sha256: " + SHA + "\n  binary_url_auth_env: T\n" + HOSTS);
    assertTrue(errors.contains("upgrade.binary_url_auth_env: environment variable T holds a line break"), errors);
    assertFalse(errors.contains("Evil"), errors);
  }

  @Test
  void anAuthVariableWithoutAUrlIsAnError() {
    String errors =
        fixture(Map.of("T", "x"))
            .errors("upgrade:\n  binary: builds/nginx-1.27.3\n  binary_url_auth_env: T\n" + HOSTS);
    assertTrue(errors.contains("inventory.yml:3:24: upgrade.binary_url_auth_env: only means something with binary_url"), errors);
  }
}
