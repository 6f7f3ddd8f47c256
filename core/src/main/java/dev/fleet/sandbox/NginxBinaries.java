package dev.fleet.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** "New" nginx binaries for upgrades and fault tests, made from the machine's own nginx. */
public final class NginxBinaries {
  public static final Path MACHINE_NGINX = Path.of("/usr/sbin/nginx");

  private NginxBinaries() {}

  /**
   * A copy of the machine's nginx with bytes appended: it runs exactly like the original (the
   * ELF loader ignores trailing bytes) but has another sha256, so an upgrade is observable.
   */
  public static Path changedCopy(Path target, String marker) throws IOException {
    Files.copy(MACHINE_NGINX, target);
    Files.writeString(target, "\nfleet sandbox build: " + marker + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
    return target;
  }

  /**
   * A copy of the machine's nginx that reports another version: every "nginx/1.22.1" in it (the
   * {@code nginx -v} line, the Server header, error pages) becomes, say, "nginx/1.22.2" (the last
   * digit plus one), patched in
   * place at the same length, so the binary runs as before. Dynamic modules check the numeric
   * version compiled in, not this text, so they still load. Returns the version it now reports.
   */
  public static String otherVersion(Path target) throws IOException {
    return otherVersion(MACHINE_NGINX, target);
  }

  static String otherVersion(Path source, Path target) throws IOException {
    byte[] bytes = Files.readAllBytes(source);
    String text = new String(bytes, StandardCharsets.ISO_8859_1); // one char per byte: indexes agree
    Matcher said = Pattern.compile("nginx version: (nginx/\\d+\\.\\d+\\.\\d+)").matcher(text);
    if (!said.find()) {
      throw new SandboxException(source + " has no \"nginx version: nginx/X.Y.Z\" to patch");
    }
    String old = said.group(1);
    char last = old.charAt(old.length() - 1);
    String patched = old.substring(0, old.length() - 1) + (char) ('0' + (last - '0' + 1) % 10);
    byte[] from = old.getBytes(StandardCharsets.ISO_8859_1);
    byte[] to = patched.getBytes(StandardCharsets.ISO_8859_1);
    for (int at = text.indexOf(old); at >= 0; at = text.indexOf(old, at + from.length)) {
      System.arraycopy(to, 0, bytes, at, to.length);
    }
    Files.write(target, bytes);
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
    return patched;
  }

  /**
   * A POSIX shell script standing in for a binary: it can exit 1, hang with signals ignored or
   * {@code exec} the real nginx with other arguments, so every failure path can be provoked.
   */
  public static Path shellWrapper(Path target, String script) throws IOException {
    Files.writeString(target, "#!/bin/sh\n" + script + "\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
    return target;
  }
}
