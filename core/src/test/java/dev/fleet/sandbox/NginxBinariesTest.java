package dev.fleet.sandbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The version patch on a stand-in "binary": every copy of the version text, nothing else. */
class NginxBinariesTest {
  @TempDir Path dir;

  @Test
  void everyCopyOfTheVersionIsPatchedInPlaceAtTheSameLength() throws Exception {
    String original = "\u007fELF\0\0nginx version: nginx/1.22.1\n\0Server: nginx/1.22.1\r\n\0<center>nginx/1.22.1</center>\0nginx/1.2";
    Path source = Files.write(dir.resolve("nginx"), original.getBytes(StandardCharsets.ISO_8859_1));

    String version = NginxBinaries.otherVersion(source, dir.resolve("nginx-new"));

    assertEquals("nginx/1.22.2", version);
    assertArrayEquals(
        original.replace("nginx/1.22.1", "nginx/1.22.2").getBytes(StandardCharsets.ISO_8859_1),
        Files.readAllBytes(dir.resolve("nginx-new")));
  }

  @Test
  void aNineWrapsToZeroSoTheLengthStays() throws Exception {
    Path source = Files.writeString(dir.resolve("nginx"), "nginx version: nginx/1.27.9\n");
    assertEquals("nginx/1.27.0", NginxBinaries.otherVersion(source, dir.resolve("nginx-new")));
  }
}
