package dev.fleet.nginx.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * stage.sh run by the local sh as the host runs it (Scripts.stage, the new binary on stdin), as
 * root: the installed file keeps the old binary's owner, group and mode, and chown (a stand-in
 * first in PATH that notes each call) runs only when the new file's owner or group differs.
 */
class StageScriptTest {
  @TempDir Path dir;

  /** A stand-in nginx that passes its config test: its version line on stderr, a dump on stdout. */
  private static final String NEW_BINARY =
      "#!/bin/sh\necho 'nginx version: nginx/9.9.9' >&2\necho 'events {}'\n";

  /** A stand-in nginx whose config test fails, as nginx says it. */
  private static final String REJECTING_BINARY =
      "#!/bin/sh\necho 'nginx version: nginx/9.9.9' >&2\necho 'nginx: [emerg] unknown directive \"x\"' >&2\nexit 1\n";

  /** Stages NEW_BINARY over {@code bin}; returns the command's output lines, stderr included. */
  private List<String> stage(Path bin) throws Exception {
    List<String> out = stage(bin, NEW_BINARY, 0);
    assertEquals(NEW_BINARY, Files.readString(bin), "the new binary is in place");
    return out;
  }

  /** Stages {@code binary} over {@code bin}, expecting {@code status}; the output lines, stderr included. */
  private List<String> stage(Path bin, String binary, int status) throws Exception {
    Path stubs = Files.createDirectories(dir.resolve("stubs"));
    Path chown = stubs.resolve("chown");
    Files.writeString(chown, "#!/bin/sh\necho \"$*\" >> '" + dir.resolve("chown-calls") + "'\nexec /bin/chown \"$@\"\n");
    Files.setPosixFilePermissions(chown, PosixFilePermissions.fromString("rwxr-xr-x"));
    byte[] content = binary.getBytes(StandardCharsets.US_ASCII);
    String want = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    ProcessBuilder builder =
        new ProcessBuilder(
                "sh", "-c", Scripts.stage(), "stage",
                dir.resolve(".nginx.fleet-new").toString(), bin.toString(), want,
                dir.resolve("nginx.fleet-backup").toString(), "-", "", dir.resolve("digest").toString(),
                "-c", "/etc/nginx/nginx.conf")
            .redirectErrorStream(true);
    builder.environment().put("PATH", stubs + ":" + System.getenv("PATH"));
    Process p = builder.start();
    try (var in = p.getOutputStream()) {
      in.write(content);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "stage.sh did not end");
    assertEquals(status, p.exitValue(), out);
    return out.lines().toList();
  }

  private Path oldBinary(String mode) throws Exception {
    Path bin = Files.writeString(dir.resolve("nginx"), "#!/bin/sh\necho old\n");
    Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString(mode));
    return bin;
  }

  private static Object attribute(Path file, String name) throws Exception {
    return Files.getAttribute(file, "unix:" + name, LinkOption.NOFOLLOW_LINKS);
  }

  @Test
  void aBinaryOfAnotherOwnerKeepsItsOwnerGroupAndMode() throws Exception {
    Path bin = oldBinary("rwxr-x---");
    Process chown = new ProcessBuilder("chown", "65534:65534", bin.toString()).inheritIO().start();
    assertEquals(0, chown.waitFor(), "the test runs as root, as the real-fleet tests do");
    assertEquals(List.of("version nginx version: nginx/9.9.9"), stage(bin));
    assertEquals(65534, attribute(bin, "uid"));
    assertEquals(65534, attribute(bin, "gid"));
    assertEquals(PosixFilePermissions.fromString("rwxr-x---"), Files.getPosixFilePermissions(bin));
    assertTrue(Files.exists(dir.resolve("chown-calls")), "chown was not run");
  }

  @Test
  void aBinaryOfThisUserAndGroupIsNotChowned() throws Exception {
    Path bin = oldBinary("rwxr-xr-x");
    assertEquals(List.of("version nginx version: nginx/9.9.9"), stage(bin));
    assertEquals(0, attribute(bin, "uid"));
    assertEquals(0, attribute(bin, "gid"));
    assertEquals(PosixFilePermissions.fromString("rwxr-xr-x"), Files.getPosixFilePermissions(bin));
    assertFalse(Files.exists(dir.resolve("chown-calls")), "chown ran for a file it would not change");
    assertEquals("#!/bin/sh\necho old\n", Files.readString(dir.resolve("nginx.fleet-backup")), "the old binary is the backup");
  }

  @Test
  void aRejectedConfigTestSaysWhyOnceAndLeavesTheBinaryAndNoTempFile() throws Exception {
    Path bin = oldBinary("rwxr-xr-x");
    assertEquals(
        List.of("nginx: [emerg] unknown directive \"x\"", "the new binary rejects the running configuration (nginx -t failed)"),
        stage(bin, REJECTING_BINARY, 3));
    assertEquals("#!/bin/sh\necho old\n", Files.readString(bin), "the old binary stays");
    assertFalse(Files.exists(dir.resolve(".nginx.fleet-new")), "the temp file is left behind");
  }
}
